using System.Net;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>A body of unknown length: HttpClient sends it with <c>Transfer-Encoding: chunked</c>.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Two writes, so that a body is not always one chunk.
        var half = bytes.Length / 2;
        await stream.WriteAsync(bytes.AsMemory(0, half), cancellationToken);
        await stream.WriteAsync(bytes.AsMemory(half), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
