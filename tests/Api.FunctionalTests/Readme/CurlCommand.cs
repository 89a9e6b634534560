using System.Text;

namespace CleanEventStore.Api.FunctionalTests.Readme;

/// <summary>
/// A <c>curl</c> command line as the README prints it, parsed the way curl reads it: the options the README uses
/// (<c>-s</c>, <c>-i</c>, <c>-X</c>, <c>-H</c>, <c>-d</c>), shell quoting, and curl's defaults (POST and
/// <c>Content-Type: application/x-www-form-urlencoded</c> when <c>-d</c> is given without a method or a content type).
/// An option the parser does not know fails the test, so that the README never shows a command the test did not run.
/// </summary>
public sealed record CurlCommand(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, bool IncludeHeaders, bool Background)
{
    public static CurlCommand Parse(string line)
    {
        var words = Words(line);
        Assert.True(words.Count > 0 && words[0] == "curl", $"not a curl command: {line}");
        string? method = null;
        string? url = null;
        string? body = null;
        var include = false;
        var background = false;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            switch (word)
            {
                case "&" when i == words.Count - 1:
                    background = true;
                    break;
                case "-s":
                    break;
                case "-i":
                    include = true;
                    break;
                case "-si":
                case "-is":
                    include = true;
                    break;
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    var header = words[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    break;
                default:
                    if (word.StartsWith("-X", StringComparison.Ordinal))
                    {
                        method = word[2..];
                    }
                    else if (word.StartsWith('-'))
                    {
                        Assert.Fail($"the README uses the curl option {word}, which the examples test does not know: {line}");
                    }
                    else
                    {
                        Assert.True(url is null, $"two URLs in: {line}");
                        url = word;
                    }

                    break;
            }
        }

        Assert.True(url is not null, $"no URL in: {line}");
        if (body is not null && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", "application/x-www-form-urlencoded"));
        }

        return new CurlCommand(method ?? (body is null ? "GET" : "POST"), url, headers, body, include, background);
    }

    /// <summary>
    /// Splits a shell command line into words: whitespace separates, single quotes are literal, double quotes allow
    /// <c>\"</c>, and a <c>#</c> that starts a word starts a comment.
    /// </summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            if (c == '#' && !inWord)
            {
                break;
            }

            inWord = true;
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                Assert.True(end > i, $"unterminated quote in: {line}");
                current.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                    }

                    current.Append(line[i]);
                }
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else
            {
                current.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
