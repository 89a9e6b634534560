using System.Net;
using CleanEventStore.Client.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary><c>AddCleanEventStoreClient</c>: options from code or configuration, the base address, the credentials each request carries.</summary>
public sealed class RegistrationTests
{
    private const string Version = """{"stream":"orders-1","version":2}""";

    [Fact]
    public async Task AddCleanEventStoreClient_FromConfiguration_BindsAddressPrefixKeyAndRetries()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventStore:BaseAddress"] = "http://app.test/events",
            ["EventStore:ApiKey"] = "key-of-orders-service-0123456789",
            ["EventStore:Timeout"] = "00:00:30",
            ["EventStore:Retry:MaxRetryAttempts"] = "0",
        }).Build();
        var handler = new ScriptedHandler().Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable", "down");
        var services = new ServiceCollection();
        services.AddCleanEventStoreClient(configuration.GetSection("EventStore")).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EventStoreClientOptions>>().Value;
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => provider.GetRequiredService<EventStoreClient>().GetStreamVersionAsync("orders-1"));

        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://app.test/events/streams/orders-1/version", request.Uri.ToString());
        Assert.Equal("key-of-orders-service-0123456789", request.Header("X-Api-Key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task BearerToken_IsSentOnEveryRequest()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.OK, Version).Json(HttpStatusCode.OK, Version);
        using var test = TestClient.Scripted(handler, options => options.BearerToken = "eyJ.static.token");

        await test.Client.GetStreamVersionAsync("orders-1");
        await test.Client.GetStreamVersionAsync("orders-1");

        Assert.All(handler.Requests, r => Assert.Equal("Bearer eyJ.static.token", r.Header("Authorization")));
    }

    [Fact]
    public async Task BearerTokenProvider_IsAskedForEachCallAndWinsOverTheOtherCredentials()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.OK, Version).Json(HttpStatusCode.OK, Version);
        var issued = 0;
        using var test = TestClient.Scripted(handler, options =>
        {
            options.ApiKey = "ignored-key-0123456789abcdef";
            options.BearerToken = "ignored";
            options.BearerTokenProvider = _ => ValueTask.FromResult($"token-{Interlocked.Increment(ref issued)}");
        });

        var version = await test.Client.GetStreamVersionAsync("orders-1");
        await test.Client.GetStreamVersionAsync("orders-1");

        Assert.Equal(2, version);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], handler.Requests.Select(r => r.Header("Authorization")));
        Assert.All(handler.Requests, r => Assert.Null(r.Header("X-Api-Key")));
    }

    [Theory]
    [InlineData("ftp://events.test/")]
    [InlineData("/relative")]
    public void AddCleanEventStoreClient_InvalidBaseAddress_FailsWhenTheClientIsMade(string address)
    {
        var services = new ServiceCollection();
        services.AddCleanEventStoreClient(options => options.BaseAddress = new Uri(address, UriKind.RelativeOrAbsolute));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<EventStoreClient>());

        Assert.Contains("BaseAddress", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ServiceUnavailableThenAnswered_IsRetried()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable", "down").Fail().Json(HttpStatusCode.OK, Version);
        using var test = TestClient.Scripted(handler);

        Assert.Equal(2, await test.Client.GetStreamVersionAsync("orders-1"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_Retries_StopAtMaxRetryAttempts()
    {
        var handler = new ScriptedHandler().Fail().Fail().Fail();
        using var test = TestClient.Scripted(handler, options => options.Retry.MaxRetryAttempts = 2);

        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client.GetStreamVersionAsync("orders-1"));

        Assert.Equal(3, handler.Requests.Count);
    }
}
