using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>
/// <see cref="EventStoreClient.FollowAsync"/> against the real Api when the connection is cut in the middle of the
/// response: the client resumes through the server with <c>Last-Event-ID</c>, every event once and none missing.
/// </summary>
public sealed class FollowResumeTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FollowAsync_ConnectionCutMidResponse_ResumesThroughTheServerWithNoDuplicateAndNoGap()
    {
        var stream = Names.Unique("resume");
        var first = await server.Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent(), OrderPlaced.Of("2", 2).ToEvent(), OrderPlaced.Of("3", 3).ToEvent()]);
        var cutter = new CutFirstFollowHandler(linesBeforeCut: 2);
        using var test = server.NewClient(inner: () => cutter);
        using var deadline = new CancellationTokenSource(Deadline);
        await using var follow = test.Client.FollowAsync(FollowTarget.Stream(stream), new FollowOptions { ReconnectDelay = TimeSpan.FromMilliseconds(10) })
            .GetAsyncEnumerator(deadline.Token);

        var events = new List<FollowMessage> { await NextEventAsync(follow), await NextEventAsync(follow), await NextEventAsync(follow) };
        await test.Client.CommitAsync(stream, [OrderPlaced.Of("4", 4).ToEvent()]);
        events.Add(await NextEventAsync(follow));

        Assert.Equal(["1", "2", "3", "4"], events.Select(message => message.Event!.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => first.FirstPosition + i), events.Select(message => message.Position));
        Assert.True(cutter.Requests.Count >= 2, $"the client did not reconnect ({cutter.Requests.Count} request)");
        Assert.Null(cutter.Requests[0]);
        Assert.Equal((first.FirstPosition + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), cutter.Requests[1]);
    }

    private static async Task<FollowMessage> NextAsync(IAsyncEnumerator<FollowMessage> follow)
    {
        Assert.True(await follow.MoveNextAsync(), "the follow ended");
        return follow.Current;
    }

    /// <summary>The next event, past heartbeats and caught-up lines.</summary>
    private static async Task<FollowMessage> NextEventAsync(IAsyncEnumerator<FollowMessage> follow)
    {
        while (true)
        {
            var message = await NextAsync(follow);
            if (message.Kind == FollowMessageKind.Event)
            {
                return message;
            }
        }
    }

    /// <summary>
    /// Records each request's <c>Last-Event-ID</c> and cuts the first response after <paramref name="linesBeforeCut"/>
    /// lines, as a dropped connection does.
    /// </summary>
    private sealed class CutFirstFollowHandler(int linesBeforeCut) : DelegatingHandler
    {
        private readonly List<string?> _requests = [];

        public IReadOnlyList<string?> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int count;
            lock (_requests)
            {
                _requests.Add(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
                count = _requests.Count;
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (count == 1)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var cut = new StreamContent(new CutStream(body, linesBeforeCut));
                foreach (var header in response.Content.Headers)
                {
                    cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content = cut;
            }

            return response;
        }
    }

    /// <summary>Passes <c>lines</c> whole lines through, then fails the read as a broken connection does.</summary>
    private sealed class CutStream(Stream inner, int lines) : Stream
    {
        private int _left = lines;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left == 0)
            {
                throw new IOException("The connection was cut (injected).");
            }

            // One byte at a time, so that the cut falls exactly after the last allowed newline.
            var read = await inner.ReadAsync(buffer[..1], cancellationToken);
            if (read == 1 && buffer.Span[0] == (byte)'\n')
            {
                _left--;
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
