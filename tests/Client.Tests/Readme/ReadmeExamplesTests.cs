using System.Net;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Client.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Client.Tests.Readme;

/// <summary>
/// The README's "Use it from .NET" examples, copied unchanged (<see cref="ReadmeSectionTests"/> checks it) between an
/// arrangement that gives them their variables and assertions on what they did, against a real server (the follow,
/// which the server will serve once the follow routes are merged, against a scripted one).
/// </summary>
public sealed class ReadmeExamplesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public void Register_WithOptions_ConfiguresTheClient()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["EventStore:ApiKey"] = "key-of-orders-service-0123456789";

        builder.Services.AddCleanEventStoreClient(options =>
        {
            options.BaseAddress = new Uri("http://127.0.0.1:3000/");      // with the prefix if the API is mounted under one
            options.ApiKey = builder.Configuration["EventStore:ApiKey"]; // sent as X-Api-Key
        });

        using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<EventStoreClientOptions>>().Value;
        Assert.NotNull(app.Services.GetRequiredService<EventStoreClient>());
        Assert.Equal(new Uri("http://127.0.0.1:3000/"), options.BaseAddress);
        Assert.Equal("key-of-orders-service-0123456789", options.ApiKey);
    }

    [Fact]
    public async Task Register_FromConfigurationWithATokenProvider_Works()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["EventStore:BaseAddress"] = server.BaseAddress.ToString();
        var tokens = new TokenSource();

        builder.Services.AddCleanEventStoreClient(builder.Configuration.GetSection("EventStore"));
        builder.Services.Configure<EventStoreClientOptions>(options =>
            options.BearerTokenProvider = cancellationToken => tokens.GetTokenAsync(cancellationToken)); // Authorization: Bearer …

        using var app = builder.Build();
        var client = app.Services.GetRequiredService<EventStoreClient>();
        Assert.True(await client.GetStreamVersionAsync(EventStoreClient.AllStream) >= 0);
        Assert.Equal(1, tokens.Issued);
    }

    [Fact]
    public async Task CommitAndRead_RunAsTheReadmeSays()
    {
        var client = server.Client;
        await client.CommitAsync("orders-3", [EventData.From(new OrderPlaced("3", 40), OrdersJson.Default.OrderPlaced)]);

        var placed = EventData.From(new OrderPlaced("1", 250), OrdersJson.Default.OrderPlaced);
        var result = await client.CommitAsync("orders-1", [placed], ExpectedVersion.Empty,
            new CommitOptions { Metadata = """{"requestId":"req-1"}""" });
        Console.WriteLine($"orders-1 is at version {result.Version}; positions {result.FirstPosition}-{result.LastPosition}");

        try
        {
            await client.CommitAsync("orders-1", [placed], ExpectedVersion.Exactly(0));
        }
        catch (WrongExpectedVersionException conflict)
        {
            Console.WriteLine($"{conflict.Stream} is at {conflict.ActualVersion}: read again, decide again");
        }

        // The second commit was refused (any other failure than the one caught would have failed the test).
        Assert.Equal(1, result.Version);
        Assert.Equal(1, await client.GetStreamVersionAsync("orders-1"));
        Assert.Equal("""{"orderId":"1","amount":250,"type":"OrderPlaced"}""", placed.ToString());

        await foreach (var e in client.ReadStreamAsync("orders-1", ReadWindow.Starting(from: 1)))
        {
            var order = e.Deserialize(OrdersJson.Default.OrderPlaced)!;
            Console.WriteLine($"#{e.Position} {e.Stream}@{e.StreamRevision}: order {order.OrderId}, {order.Amount}");
        }

        var newestTwo = client.ReadAllAsync(ReadWindow.Last(2));
        var joined = client.ReadJoinAsync(["orders-1", "orders-2"], new ReadWindow { From = 2, Until = -1 });
        var bigOrders = client.ReadCategoryAsync("orders", filter: """{"payload":{"amount":{"$gte":100}}}""");

        var read = await client.ReadStreamAsync("orders-1").ToListAsync();
        Assert.Equal(result.FirstPosition, Assert.Single(read).Position);
        Assert.Equal("""{"requestId":"req-1"}""", Encoding.UTF8.GetString(read[0].CustomMetadata.Span));
        Assert.Equal(result.LastPosition, (await newestTwo.FirstAsync()).Position);
        Assert.Contains(result.FirstPosition, await joined.Select(e => e.Position).ToListAsync());
        Assert.Equal(["1"], await bigOrders.Select(e => e.Deserialize(OrdersJson.Default.OrderPlaced)!.OrderId).ToListAsync());
    }

    [Fact]
    public async Task QueryDecideCommit_RunsAsTheReadmeSays()
    {
        var client = server.Client;

        var query = new DcbQuery(new DcbQueryItem(Types: ["StudentSubscribed"], Tags: ["course:c1"]));
        await using (var decision = await client.QueryAsync(query))
        {
            if (await decision.CountAsync() < 30)
            {
                try
                {
                    await client.CommitAsync("student-7",
                        [EventData.FromJson("""{"type":"StudentSubscribed","tags":["course:c1","student:7"]}""")],
                        decision.Condition);
                }
                catch (ConditionFailedException)
                {
                    Console.WriteLine("someone subscribed in between: query again and decide again");
                }
            }
        }

        Assert.Equal(1, await client.GetStreamVersionAsync("student-7"));
        Assert.Equal(1, await client.GetStreamVersionAsync("tags/course:c1"));
    }

    [Fact]
    public async Task Follow_RunsAsTheReadmeSays()
    {
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(3, "orders-1"), Lines.Followed(4, "orders-2")).Drop())
            .Ndjson(new ScriptedBodyStream().Lines(Lines.CaughtUp(4), Lines.Heartbeat(9)).Stall());
        using var scripted = TestClient.Scripted(handler, options => options.BaseAddress = new Uri("http://events.test/"));
        var client = scripted.Client;
        using var stopping = new CancellationTokenSource();
        var stoppingToken = stopping.Token;
        var projected = new List<long>();
        long? saved = 2;
        long? LoadCheckpoint() => saved;
        void Project(RecordedEvent recorded) => projected.Add(recorded.Position);
        void SaveCheckpoint(long checkpoint)
        {
            saved = checkpoint;
            if (checkpoint == 9)
            {
                stopping.Cancel();
            }
        }

        var follow = async () =>
        {
            var options = new FollowOptions { After = LoadCheckpoint() }; // null: from the start
            await foreach (var message in client.FollowAsync(FollowTarget.Category("orders"), options, stoppingToken))
            {
                if (message.Kind == FollowMessageKind.Event)
                {
                    Project(message.Event!);
                }
                else if (message.Kind == FollowMessageKind.CaughtUp)
                {
                    Console.WriteLine($"caught up at {message.Position}; live from here");
                }

                SaveCheckpoint(message.Checkpoint); // heartbeats advance it too
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow().WaitAsync(Eventually.Deadline));
        Assert.Equal([3, 4], projected);
        Assert.Equal(9, saved);
        Assert.Equal(["2", "4"], handler.Requests.Select(r => r.Header("Last-Event-ID")));
    }

    [Fact]
    public async Task ConsumersAndHealth_RunAsTheReadmeSays()
    {
        var client = server.Client;
        await client.CommitAsync("orders-2", [EventData.FromJson("""{"type":"OrderShipped"}"""), EventData.FromJson("""{"type":"OrderShipped"}""")], ExpectedVersion.Empty);

        await client.StartConsumerAsync("order-counter", "orders-2",
            handler: "(event, state) => ({ count: state.count + 1 })", initialState: """{"count":0}""");
        var counter = await client.WaitForConsumerAsync("order-counter", position: 2);
        Console.WriteLine($"counted {counter.State.GetProperty("count").GetInt32()}");
        await client.DeleteConsumerAsync("order-counter");

        var health = await client.GetHealthAsync();
        Console.WriteLine($"{health.Status}: {health.Store.Length} events in {health.Store.Streams} streams");

        Assert.Equal(2, counter.State.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<EventStoreNotFoundException>(() => client.GetConsumerAsync("order-counter"))).StatusCode);
        Assert.True(health.IsHealthy);
    }
}
