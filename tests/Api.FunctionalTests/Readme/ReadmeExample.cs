using System.Text.RegularExpressions;

namespace CleanEventStore.Api.FunctionalTests.Readme;

/// <summary>
/// One <c>curl</c> command of the README's API section and what the README says it answers: the comment lines right
/// after it. A comment that is JSON is an expected body (one line each for NDJSON); <c># 409 …</c> is the expected status
/// and, for a problem, its <c>error</c> text (<c>…</c> stands for any text); <c># Name: value</c> after a <c>curl -i</c> is
/// an expected header. Other comments are prose.
/// </summary>
public sealed partial record ReadmeExample(int Line, string Text, CurlCommand Command, IReadOnlyList<string> Expectations)
{
    /// <summary>The examples of <paramref name="readme"/> from the heading <paramref name="section"/> to the next <c>## </c> heading, in order.</summary>
    public static List<ReadmeExample> Extract(string[] readme, string section)
    {
        var start = Array.IndexOf(readme, section);
        Assert.True(start >= 0, $"the README has no line \"{section}\"");
        var examples = new List<ReadmeExample>();
        var inBlock = false;
        for (var i = start + 1; i < readme.Length && !readme[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var line = readme[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line == "```bash";
                continue;
            }

            if (!inBlock || !line.StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            // A command continues on the next line after a trailing backslash or inside an open single quote.
            var first = i;
            var text = line;
            while (text.EndsWith('\\') || text.Count(c => c == '\'') % 2 == 1)
            {
                text = (text.EndsWith('\\') ? text[..^1] : text + "\n") + readme[++i];
            }

            var expectations = new List<string>();
            while (i + 1 < readme.Length && readme[i + 1].StartsWith('#'))
            {
                expectations.Add(readme[++i][1..].Trim());
            }

            examples.Add(new ReadmeExample(first + 1, text, CurlCommand.Parse(text), expectations));
        }

        return examples;
    }

    /// <summary>The expected status (<c># 409 …</c>), or null for "any 2xx".</summary>
    public int? ExpectedStatus => Expectations.Select(e => StatusLine().Match(e)).FirstOrDefault(m => m.Success) is { } match
        ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <summary>The problem text after the expected status, when the README gives one.</summary>
    public string? ExpectedError => Expectations.Select(e => StatusLine().Match(e)).FirstOrDefault(m => m.Success) is { Groups: var groups } && groups[2].Success
        ? groups[2].Value
        : null;

    /// <summary>Expected JSON documents (a JSON body, or the NDJSON lines in order).</summary>
    public IEnumerable<string> ExpectedJson => Expectations.Where(e => e.StartsWith('{') || e.StartsWith('['));

    /// <summary>Expected headers of a <c>curl -i</c>.</summary>
    public IEnumerable<(string Name, string Value)> ExpectedHeaders => Command.IncludeHeaders
        ? Expectations.Select(e => HeaderLine().Match(e)).Where(m => m.Success).Select(m => (m.Groups[1].Value, m.Groups[2].Value))
        : [];

    public override string ToString() => $"README line {Line}: {Text}";

    [GeneratedRegex(@"^(\d{3})(?: (.+))?$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9-]*): (.+)$")]
    private static partial Regex HeaderLine();
}
