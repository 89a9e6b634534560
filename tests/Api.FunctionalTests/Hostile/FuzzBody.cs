namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// The body of a <see cref="FuzzRequest"/>: the bytes exactly as sent, the <c>Content-Type</c> (null: none) and
/// whether it goes chunked (no <c>Content-Length</c>, so the server learns the size only by reading).
/// <paramref name="ExpectContinue"/> (and any body of <see cref="LargeBytes"/> or more) sends <c>Expect: 100-continue</c>,
/// as careful clients do with a large body: a server
/// that refuses the request at once (413 for a declared size over its limit, 401) answers before the body is sent.
/// Without it, the server answers and closes while the client is still writing, and whether the client reads that
/// answer or only sees a reset depends on the socket buffers: legitimate HTTP, but not something a test can assert.
/// </summary>
public sealed record FuzzBody(byte[] Bytes, string? ContentType, bool Chunked = false, bool ExpectContinue = false)
{
    public const string Json = "application/json";

    /// <summary>Bodies this large are sent with <c>Expect: 100-continue</c> (half the server's body limit).</summary>
    public const int LargeBytes = 65_536;

    public static FuzzBody Of(string text, string? contentType = Json, bool chunked = false) =>
        new(System.Text.Encoding.UTF8.GetBytes(text), contentType, chunked);

    public HttpContent ToContent()
    {
        HttpContent content = Chunked ? new ChunkedContent(Bytes) : new ByteArrayContent(Bytes);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        return content;
    }
}
