using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>
/// <c>OpenTelemetry:Otlp:Endpoint</c> with <c>Protocol=http/protobuf</c>: the server pushes its metrics to
/// <c>/v1/metrics</c> and its spans to <c>/v1/traces</c> of a collector (here a loopback listener that records what it
/// is sent). OTLP/protobuf keeps names as UTF-8 strings, so an instrument's or a span's name is found in the body.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task WithAnOtlpEndpoint_MetricsAndSpansArePushedToTheCollector()
    {
        using var collector = new Collector();
        using var factory = new ApiFactory()
            .With("OpenTelemetry:Otlp:Endpoint", collector.Url)
            .With("OpenTelemetry:Otlp:Protocol", "http/protobuf")
            .With("OpenTelemetry:Otlp:ExportIntervalMs", "200")
            .With("OpenTelemetry:ServiceName", "ces-otlp-test");
        var client = factory.CreateClient();

        await client.CommitAsync("orders-1", """{"type":"OrderPlaced"}""");

        await Eventually.UntilAsync(() => collector.Received("/v1/metrics", "ces.commits"), "the commit counter to reach the collector");
        await Eventually.UntilAsync(() => collector.Received("/v1/traces", "ces.commit"), "the commit's span to reach the collector");
        Assert.True(collector.Received("/v1/metrics", "ces-otlp-test"), "the metrics carry the service name");
        Assert.True(collector.Received("/v1/traces", "orders-1"), "the span carries its stream (ces.stream)");
        Assert.All(collector.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
    }

    /// <summary>An OTLP/HTTP collector stand-in: answers every POST with 200 and keeps the bodies by path.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();
        private readonly ConcurrentBag<string> _contentTypes = [];
        private readonly Task _serving;

        public Collector()
        {
            var port = ApiProcess.FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IEnumerable<string> ContentTypes => _contentTypes;

        public bool Received(string path, string text)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            return _requests.Any(request => request.Path == path && request.Body.AsSpan().IndexOf(needle) >= 0);
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _contentTypes.Add(context.Request.ContentType ?? "");
                _requests.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
