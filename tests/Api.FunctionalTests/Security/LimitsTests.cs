using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Waiting;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>Rate limits per caller and caps on open waits: 429 with <c>Retry-After</c>, and other callers unaffected.</summary>
public sealed class LimitsTests(LimitsTests.Factory factory) : IClassFixture<LimitsTests.Factory>
{
    private HttpClient Client(string role)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", factory.Credential(role));
        return client;
    }

    [Fact]
    public async Task RateLimit_ACallerOverItsRate_Gets429WhileAnotherCallerGoesOn()
    {
        using var reader = Client("reader");
        using var querier = Client("querier");

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await reader.GetAsync("/streams/orders-none/version");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await querier.GetAsync("/streams/_all/version")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task LongPollCaps_PerCallerAndInTotal_Are429()
    {
        var longPolls = factory.Services.GetRequiredService<LongPolls>();
        using var admin = Client("admin");
        var stream = $"orders-{Guid.NewGuid():N}";
        await admin.CommitAsync(stream, "{\"type\":\"T\"}");
        using var cancel = new CancellationTokenSource();
        using var writer = Client("writer");
        using var consumer = Client("consumer");
        using var decider = Client("decider");

        var first = writer.GetAsync($"/streams/{stream}/from/2", cancel.Token);
        await Eventually.UntilAsync(() => longPolls.Open == 1, "the first long-poll to wait");
        var sameCaller = await writer.GetAsync($"/streams/{stream}/from/2");
        var second = consumer.GetAsync($"/streams/{stream}/from/2", cancel.Token);
        await Eventually.UntilAsync(() => longPolls.Open == 2, "the second long-poll to wait");
        var overTotal = await decider.GetAsync($"/streams/_all/from/1000000");

        await sameCaller.AssertProblemAsync(HttpStatusCode.TooManyRequests, "\"writer\" holds 1 waits (long-polls) already (RateLimit:MaxLongPollsPerCaller); retry once one ends.");
        await overTotal.AssertProblemAsync(HttpStatusCode.TooManyRequests, "The server holds 2 waits (long-polls) already (RateLimit:MaxLongPolls); retry shortly.");
        Assert.Equal("1", overTotal.Headers.RetryAfter!.ToString());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await Eventually.UntilAsync(() => longPolls.Open == 0, "the cancelled long-polls to end");
    }

    /// <summary>API keys, a rate of 1 request per second with a burst of 3 per caller, at most 2 open waits and 1 per caller.</summary>
    public sealed class Factory : SecuredApiFactory
    {
        public Factory()
            : base("ApiKey")
        {
            With("RateLimit:PermitsPerSecond", "1");
            With("RateLimit:Burst", "3");
            With("RateLimit:MaxLongPolls", "2");
            With("RateLimit:MaxLongPollsPerCaller", "1");
        }
    }
}
