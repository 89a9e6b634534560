using System.Text;
using System.Text.Unicode;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// One generated request, independent of how it is sent: <paramref name="Route"/> labels what the generator aimed
/// at (for the summary), <paramref name="Target"/> is the path and query exactly as they go on the wire (sent without
/// canonicalisation), <paramref name="Headers"/> are request headers (repeats allowed). A <see cref="HeaderSet"/> is
/// added when it is sent.
/// </summary>
public sealed record FuzzRequest(
    string Route,
    string Method,
    string Target,
    FuzzBody? Body = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    private const int ShownBodyChars = 1500;

    public HttpRequestMessage ToMessage(Func<string, Uri> rawPath, HeaderSet headerSet)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), rawPath(Target)) { Content = Body?.ToContent() };
        message.Headers.ExpectContinue = Body is { } body && (body.ExpectContinue || body.Bytes.Length >= FuzzBody.LargeBytes) ? true : null;
        foreach (var (name, value) in (Headers ?? []).Concat(headerSet.Headers))
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                // A content header (Content-Encoding, …) goes with the body; a request without one gets an empty body.
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"the generator made a header HttpClient cannot send: {name}: {value}");
            }
        }

        return message;
    }

    /// <summary>The request as text, to replay it: request line, headers, body (long bodies shortened, with their size).</summary>
    public string Describe(HeaderSet headerSet)
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Target).Append("   [").Append(Route).Append(", ").Append(headerSet.Name).Append(']').Append('\n');
        foreach (var (name, value) in (Headers ?? []).Concat(headerSet.Headers))
        {
            text.Append(name).Append(": ").Append(Shorten(value, 200)).Append('\n');
        }

        if (Body is not null)
        {
            text.Append("Content-Type: ").Append(Body.ContentType ?? "(none)").Append('\n');
            text.Append(Body.Chunked ? "Transfer-Encoding: chunked\n" : $"Content-Length: {Body.Bytes.Length}\n");
            text.Append('\n').Append(Show(Body.Bytes));
        }

        return text.ToString();
    }

    /// <summary>Bytes as text when they are UTF-8 (shortened), else as hex.</summary>
    public static string Show(byte[] bytes) =>
        Utf8.IsValid(bytes)
            ? Shorten(Encoding.UTF8.GetString(bytes), ShownBodyChars)
            : $"(not UTF-8, {bytes.Length} bytes) {Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, ShownBodyChars / 2))}";

    private static string Shorten(string text, int max) =>
        text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";
}
