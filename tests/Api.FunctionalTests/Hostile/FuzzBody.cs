namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// The body of a <see cref="FuzzRequest"/>: the bytes exactly as sent, the <c>Content-Type</c> (null: none) and
/// whether it goes chunked (no <c>Content-Length</c>, so the server learns the size only by reading).
/// </summary>
public sealed record FuzzBody(byte[] Bytes, string? ContentType, bool Chunked = false)
{
    public const string Json = "application/json";

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
