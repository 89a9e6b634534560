using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// One follow (<c>?follow=true</c>) read line by line as it arrives: NDJSON lines (<see cref="NextAsync"/>) or SSE
/// frames (<see cref="NextFrameAsync"/>). Every read has a deadline (<see cref="Eventually.Deadline"/>): a follow that
/// stops sending (no event and not even a heartbeat) fails the test instead of hanging it.
/// </summary>
public sealed class FollowConnection : IAsyncDisposable
{
    private readonly HttpClient? _ownedClient;
    private readonly Stream _body;
    private readonly StreamReader _reader;

    private FollowConnection(HttpResponseMessage response, Stream body, HttpClient? ownedClient)
    {
        Response = response;
        _body = body;
        _reader = new StreamReader(body, bufferSize: 64 * 1024);
        _ownedClient = ownedClient;
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Heartbeat positions seen by <see cref="NextEventAsync"/> while it skipped them.</summary>
    public List<long> SkippedHeartbeats { get; } = [];

    /// <summary>GETs <paramref name="url"/> and returns once the headers arrived (asserting 200).</summary>
    public static async Task<FollowConnection> OpenAsync(HttpClient client, string url, Action<HttpRequestMessage>? configure = null) =>
        await OpenAsync(client, url, configure, ownedClient: null);

    /// <summary>
    /// A follow on a connection of its own whose socket receive buffer is small (a client that does not read fills it
    /// at once, so the server sees backpressure right away instead of after megabytes of kernel buffers).
    /// </summary>
    public static async Task<FollowConnection> OpenSlowAsync(Uri baseAddress, string url)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024, NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        return await OpenAsync(client, url, configure: null, ownedClient: client);
    }

    private static async Task<FollowConnection> OpenAsync(HttpClient client, string url, Action<HttpRequestMessage>? configure, HttpClient? ownedClient)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        configure?.Invoke(request);
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return new FollowConnection(response, await response.Content.ReadAsStreamAsync(), ownedClient);
    }

    /// <summary>The next line (null when the response ended).</summary>
    public async Task<string?> NextLineAsync()
    {
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        try
        {
            return await _reader.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no line of the follow within {Eventually.Deadline.TotalSeconds} s");
        }
    }

    /// <summary>The next NDJSON line, parsed (fails when the response ended).</summary>
    public async Task<JsonObject> NextAsync()
    {
        var line = await NextLineAsync();
        Assert.True(line is not null, "the follow ended");
        return JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The next event line, skipping heartbeats (recorded in <see cref="SkippedHeartbeats"/>); fails on caughtUp.</summary>
    public async Task<JsonObject> NextEventAsync()
    {
        while (true)
        {
            var line = await NextAsync();
            if (line["heartbeat"] is { } heartbeat)
            {
                SkippedHeartbeats.Add(heartbeat["position"]!.GetValue<long>());
                continue;
            }

            Assert.True(line["caughtUp"] is null, $"expected an event, got {line.ToJsonString()}");
            return line;
        }
    }

    /// <summary>The event lines up to the <c>caughtUp</c> line, and its position (no heartbeat may come before it).</summary>
    public async Task<(List<JsonObject> Events, long Position)> HistoryAsync()
    {
        var events = new List<JsonObject>();
        while (true)
        {
            var line = await NextAsync();
            if (line["caughtUp"] is { } caughtUp)
            {
                return (events, caughtUp["position"]!.GetValue<long>());
            }

            Assert.True(line["heartbeat"] is null, $"a heartbeat before caughtUp: {line.ToJsonString()}");
            events.Add(line);
        }
    }

    /// <summary>Reads lines until a heartbeat whose position is at least <paramref name="position"/>; every event line before it is returned.</summary>
    public async Task<List<JsonObject>> UntilHeartbeatAsync(long position)
    {
        var events = new List<JsonObject>();
        while (true)
        {
            var line = await NextAsync();
            if (line["heartbeat"] is { } heartbeat)
            {
                if (heartbeat["position"]!.GetValue<long>() >= position)
                {
                    return events;
                }

                continue;
            }

            events.Add(line);
        }
    }

    /// <summary>The next SSE frame: its <c>id</c>, <c>event</c> and <c>data</c> fields (fails when the response ended).</summary>
    public async Task<(string? Id, string? Event, string Data)> NextFrameAsync()
    {
        string? id = null;
        string? name = null;
        var data = new List<string>();
        while (true)
        {
            var line = await NextLineAsync();
            Assert.True(line is not null, "the event stream ended");
            if (line.Length == 0)
            {
                if (data.Count == 0 && id is null && name is null)
                {
                    continue;
                }

                return (id, name, string.Join('\n', data));
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
                default:
                    Assert.Fail($"unexpected SSE line: {line}");
                    break;
            }
        }
    }

    /// <summary>The global position of an event line (<c>metadata.position</c>).</summary>
    public static long PositionOf(JsonObject line) => line["metadata"]!["position"]!.GetValue<long>();

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _body.DisposeAsync();
        Response.Dispose();
        _ownedClient?.Dispose();
    }
}
