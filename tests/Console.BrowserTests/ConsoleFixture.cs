using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Console.BrowserTests.Support;

namespace CleanEventStore.Console.BrowserTests;

/// <summary>
/// A real server on Kestrel (no authentication) with data, and a browser: write streams (orders-1 and orders-2,
/// invoices-1 closed, history-1 with 45 events for paging), the type and tag streams they make, a matcher stream, a
/// running consumer and a faulted one.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const int HistoryLength = 45;

    public KestrelApiFactory Server { get; } = new();

    public Chromium Browser { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    /// <summary>The console's page: <c>/ui/</c> and a route after <c>#</c>.</summary>
    public Uri Page(string route = "") => new(Client.BaseAddress!, "ui/" + route);

    public async Task InitializeAsync()
    {
        await Client.CommitAsync("orders-1", """[{"type":"OrderPlaced","orderId":"1","amount":250,"tags":["eu"],"lines":[{"sku":"A-100","quantity":2,"note":"a long note that goes on and on so that a card has to wrap its JSON inside its box rather than widen the page"}]},{"type":"OrderPaid","orderId":"1"}]""");
        await Client.CommitAsync("orders-2", """[{"type":"OrderPlaced","orderId":"2","amount":40}]""", "\"metadata\":{\"requestId\":\"req-2\"}");
        await Client.CommitAsync("invoices-1", """[{"type":"InvoiceIssued","invoiceId":"1","amount":250}]""");
        using (var close = await Client.PostAsync(new Uri("streams/invoices-1/close", UriKind.Relative), null))
        {
            Assert.True(close.IsSuccessStatusCode);
        }

        for (var i = 0; i < HistoryLength; i += 15)
        {
            var events = string.Join(',', Enumerable.Range(i + 1, 15).Select(n => $"{{\"type\":\"Step\",\"n\":{n}}}"));
            await Client.CommitAsync("history-1", "[" + events + "]");
        }

        using (var matcher = new StringContent("""{"payload":{"amount":{"$gte":100}}}""", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.True((await Client.PutAsync(new Uri("streams/big-orders", UriKind.Relative), matcher)).IsSuccessStatusCode);
        }

        await Client.PutConsumerAsync("order-counter", "orders-1", "(event, state) => ({ count: (state.count || 0) + 1 })");
        await Client.PutConsumerAsync("broken-projection", "orders-1", "(event, state) => { if (event.metadata.streamVersion === 1) throw new Error('cannot handle ' + event.payload.type); return state; }");
        await Client.UntilConsumerAsync("order-counter", "running", 2);
        await Client.UntilConsumerAsync("broken-projection", "faulted", 1);
        Browser = new Chromium();
    }

    public Task DisposeAsync()
    {
        Browser?.Dispose();
        Server.Dispose();
        return Task.CompletedTask;
    }
}
