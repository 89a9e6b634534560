using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using CleanEventStore.Api.FunctionalTests.Embedding;
using CleanEventStore.Api.FunctionalTests.Security;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Common.Waiting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>
/// <c>GET /metrics</c> (Prometheus) after commits, conflicts, reads and long-polls; the exact figures through a
/// MeterListener on the host's own meter; the spans; <c>Metrics:Enabled=false</c>; the scope it needs; a prefix mount;
/// the <c>server.totals</c> of <c>/health</c>.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private const string TwoEvents = """{"events":[{"type":"OrderPlaced"},{"type":"OrderPaid"}]}""";

    [Fact]
    public async Task Scrape_AfterCommitsConflictsReadsAndALongPoll_TheInstrumentsMove()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        using var meter = new HostMeter(factory.Services.GetRequiredService<EventStoreTelemetry>());

        await client.CommitAsync("orders-1", """{"type":"OrderPlaced"}""", """{"type":"OrderPaid"}""");
        await client.CommitAsync("orders-1", """{"type":"OrderShipped"}""");
        var conflict = await client.PostJsonAsync("/streams/orders-1/commit", """{"events":[{"type":"X"}],"expectedVersion":"empty"}""");
        var read = await client.ReadLinesAsync("/streams/orders-1");
        var longPoll = await factory.StartLongPollAsync(client, "/streams/orders-1/from/4");
        var during = await Scrape.GetAsync(client);
        await client.CommitAsync("orders-1", """{"type":"OrderClosed"}""");
        var polled = await longPoll;
        var after = await Scrape.GetAsync(client);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(3, read.Count);
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.True(during.Sum("ces_longpolls_active") >= 1, during.Text);
        Assert.True(after.Sum("ces_commits_total", "ces_commit_result=\"ok\"") >= 3);
        Assert.True(after.Sum("ces_commits_total", "ces_commit_result=\"conflict\"") >= 1);
        Assert.True(after.Sum("ces_commit_conflicts_total", "ces_conflict_kind=\"expected_version\"") >= 1);
        Assert.True(after.Sum("ces_events_committed_total") >= 4);
        Assert.True(after.Sum("ces_commit_duration_seconds_count", "ces_commit_result=\"ok\"") >= 3);
        Assert.True(after.Has("ces_commit_duration_seconds_bucket"));
        Assert.Contains("le=\"0.0001\"", after.Text, StringComparison.Ordinal);
        Assert.True(after.Sum("ces_writer_group_size_count", "ces_provider=\"embedded\"") >= 1);
        Assert.True(after.Sum("ces_writer_flush_duration_seconds_count", "ces_provider=\"embedded\"") >= 1);
        Assert.True(after.Sum("ces_reads_total") >= 2);
        Assert.True(after.Sum("ces_events_read_total") >= 4);
        Assert.True(after.Sum("ces_read_size_bytes_total") > 0);
        Assert.True(after.Sum("ces_log_head") >= 4);
        Assert.True(after.Sum("ces_log_size_bytes") > 0);
        Assert.True(after.Has("http_server_request_duration_seconds_bucket"), "ASP.NET Core's metrics are exported too");

        Assert.Equal(3, meter.Sum("ces.commits", "ces.commit.result=ok"));
        Assert.Equal(1, meter.Sum("ces.commits", "ces.commit.result=conflict"));
        Assert.Equal(1, meter.Sum("ces.commit.conflicts", "ces.conflict.kind=expected_version"));
        Assert.Equal(4, meter.Sum("ces.events.committed"));
        Assert.Equal(4, meter.Count("ces.commit.duration"));
        Assert.Equal(2, meter.Sum("ces.reads"));
        Assert.Equal(4, meter.Sum("ces.events.read"));
        Assert.Equal(3, meter.Sum("ces.writer.group.size", "ces.provider=embedded"));
    }

    [Fact]
    public async Task Health_Totals_CountWhatThisNodeCommittedAndRead()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        await client.PostJsonAsync("/streams/orders-1/commit", TwoEvents);
        var lines = await client.ReadLinesAsync("/streams/orders-1");
        var health = await (await client.GetAsync("/health")).JsonAsync();

        var totals = health["server"]!["totals"]!.AsObject();
        Assert.Equal(["commits", "eventsCommitted", "reads", "eventsRead", "bytesRead"], totals.Select(member => member.Key));
        Assert.Equal(1, totals["commits"]!.GetValue<long>());
        Assert.Equal(2, totals["eventsCommitted"]!.GetValue<long>());
        Assert.Equal(1, totals["reads"]!.GetValue<long>());
        Assert.Equal(lines.Count, totals["eventsRead"]!.GetValue<long>());
        Assert.True(totals["bytesRead"]!.GetValue<long>() > 100);
    }

    [Fact]
    public async Task Spans_CommitReadAndGroupFlush_AreRecorded()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        var telemetry = factory.Services.GetRequiredService<EventStoreTelemetry>();
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, telemetry.ActivitySource),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await client.PostJsonAsync("/streams/orders-1/commit", TwoEvents);
        await client.ReadLinesAsync("/streams/orders-1");

        var commit = Assert.Single(stopped, activity => activity.OperationName == "ces.commit");
        Assert.Equal("orders-1", commit.GetTagItem("ces.stream"));
        Assert.Equal("Committed", commit.GetTagItem("ces.commit.result"));
        var flush = Assert.Single(stopped, activity => activity.OperationName == "ces.writer.flush");
        Assert.Equal(1, flush.GetTagItem("ces.writer.group.size"));
        var read = Assert.Single(stopped, activity => activity.OperationName == "ces.read");
        Assert.Equal(2, read.GetTagItem("ces.read.events"));
    }

    [Fact]
    public async Task MetricsDisabled_NoScrapeEndpointNoMeterProviderButTotals()
    {
        using var factory = new ApiFactory().With("Metrics:Enabled", "false");
        var client = factory.CreateClient();

        await client.PostJsonAsync("/streams/orders-1/commit", TwoEvents);
        var scrape = await client.GetAsync("/metrics");
        var health = await (await client.GetAsync("/health")).JsonAsync();

        await scrape.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Equal(1, health["server"]!["totals"]!["commits"]!.GetValue<long>());
    }

    [Fact]
    public async Task OpenTelemetryDisabled_TurnsMetricsOffToo()
    {
        using var factory = new ApiFactory().With("OpenTelemetry:Enabled", "false");
        var client = factory.CreateClient();

        var scrape = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task WithAuthentication_ScrapeNeedsAdminAndRefusalsAreCounted()
    {
        using var factory = new ApiKeyApiFactory();
        var client = factory.CreateClient();
        using var meter = new HostMeter(factory.Services.GetRequiredService<EventStoreTelemetry>());

        var anonymous = await client.GetAsync("/metrics");
        var reader = await client.SendAsync(Get("/metrics", factory.Credential("reader")));
        var admin = await client.SendAsync(Get("/metrics", factory.Credential("admin")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await reader.AssertProblemAsync(HttpStatusCode.Forbidden, exact: false);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("ces_http_refused_total", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, meter.Sum("ces.http.refused", "ces.refusal.reason=unauthenticated"));
        Assert.Equal(1, meter.Sum("ces.http.refused", "ces.refusal.reason=forbidden"));
    }

    [Fact]
    public async Task WithAuthentication_RequireAuthenticationFalse_ScrapeIsAnonymous()
    {
        using var factory = new ApiKeyApiFactory();
        factory.With("Metrics:RequireAuthentication", "false");
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        var streams = await client.GetAsync("/streams");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, streams.StatusCode);
    }

    [Fact]
    public async Task RateLimitRefusals_AreCounted()
    {
        using var factory = new ApiFactory().With("RateLimit:PermitsPerSecond", "1").With("RateLimit:Burst", "1");
        var client = factory.CreateClient();
        using var meter = new HostMeter(factory.Services.GetRequiredService<EventStoreTelemetry>());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("/streams")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(statuses.Count(status => status == HttpStatusCode.TooManyRequests), meter.Sum("ces.http.rate_limited"));
    }

    [Fact]
    public async Task UnderAPrefix_ScrapeAndProbesAreTheStores()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;

        await client.PostJsonAsync("/events/streams/orders-1/commit", TwoEvents);
        var scrape = await Scrape.GetAsync(client, "/events/metrics");
        var root = await client.GetAsync("/metrics");
        var ready = await client.GetAsync("/events/health/ready");
        var live = await client.GetAsync("/events/health/live");

        Assert.True(scrape.Sum("ces_commits_total", "ces_commit_result=\"ok\"") >= 1);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Gauges_FollowersAndConsumers_AreObserved()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        await client.CommitAsync("orders-1", """{"type":"OrderPlaced"}""");
        await client.StartConsumerAsync("counter/stream/orders-1", ConsumerApi.Counter);
        var longPolls = factory.Services.GetRequiredService<LongPolls>();

        await using var follow = await FollowConnection.OpenAsync(client, "/streams/orders-1?follow=true");
        await Eventually.UntilAsync(() => longPolls.OpenFollowers > 0, "the follow to be open");
        Scrape? scrape = null;
        await Eventually.UntilAsync(
            async () => (scrape = await Scrape.GetAsync(client)).Has("ces_consumer_position") && scrape.Sum("ces_consumer_position", "ces_consumer=\"counter\"") >= 1,
            "the consumer to fold the event");

        Assert.True(scrape!.Sum("ces_follows_active") >= 1);
        Assert.Equal(0, scrape.Sum("ces_consumer_lag", "ces_consumer=\"counter\""));
        Assert.True(scrape.Sum("ces_consumers", "ces_consumer_status=\"running\"") >= 1);
    }

    [Fact]
    public async Task ConsumerFault_IsCountedAndItsStepsAreSpans()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        var telemetry = factory.Services.GetRequiredService<EventStoreTelemetry>();
        using var meter = new HostMeter(telemetry);
        var steps = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, telemetry.ActivitySource),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "ces.consumer.step")
                {
                    steps.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await client.CommitAsync("orders-1", """{"type":"Bad"}""");

        await client.StartConsumerAsync("failing/stream/orders-1", "(e, s) => { throw new Error('boom'); }");
        await Eventually.UntilAsync(() => meter.Sum("ces.consumer.faults") >= 1, "the consumer to fault");
        await Eventually.UntilAsync(() => !steps.IsEmpty, "the consumer's step span to end");

        Assert.Equal(1, meter.Sum("ces.consumer.faults"));
        var step = Assert.Single(steps);
        Assert.Equal("failing", step.GetTagItem("ces.consumer"));
        Assert.Equal(ActivityStatusCode.Error, step.Status);
    }

    private static HttpRequestMessage Get(string path, string credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(credential);
        return request;
    }
}
