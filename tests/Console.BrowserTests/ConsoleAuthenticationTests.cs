using System.Globalization;
using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Console.BrowserTests.Support;

namespace CleanEventStore.Console.BrowserTests;

/// <summary>A server with API keys: the console asks for one, says when it is refused, and shows what the key may see.</summary>
public sealed class ConsoleAuthenticationTests(ConsoleAuthenticationTests.SecuredFixture fixture) : IClassFixture<ConsoleAuthenticationTests.SecuredFixture>
{
    public const string AdminKey = "console-admin-key-0123456789";
    public const string ReaderKey = "console-reader-key-0123456789";

    private Chromium Browser => fixture.Browser;

    private void OpenSignedOut(string route)
    {
        Browser.Resize(Chromium.DesktopWidth);
        // A document of the same origin without the console's script: the next page load starts without a key.
        Browser.Open(fixture.Page("icon.svg"));
        Browser.Script("sessionStorage.clear();");
        Browser.Open(fixture.Page(route));
    }

    private void SignIn(string key)
    {
        var input = Browser.Element("#api-key");
        input.Clear();
        input.SendKeys(key);
        Browser.Element("#sign-in").Click();
    }

    [Fact]
    public void The_console_asks_for_a_key_refuses_a_wrong_one_and_works_with_a_good_one()
    {
        OpenSignedOut("#/streams");
        Browser.Element("#api-key");
        Browser.Screenshot("signin");

        SignIn("not-a-key-of-this-server-000");
        Browser.TextOf("#key-error", "401");

        SignIn(AdminKey);
        Browser.Element("tr[data-stream='orders-1']");
        Browser.Element("tr[data-stream='invoices-1']");
        Browser.TextOf("#key-status", "Signed in");

        Browser.Element("#forget-key").Click();
        Browser.Element("#api-key");
    }

    [Fact]
    public void A_restricted_key_sees_only_the_streams_it_may_read()
    {
        OpenSignedOut("#/streams");
        SignIn(ReaderKey);

        // The stream list needs the query scope: the console says so and offers to open a stream by name.
        Browser.TextOf("#forbidden", "may not list every stream");
        Browser.Element("#open-name").SendKeys("orders-1");
        Browser.Element("#open-stream").Click();
        Browser.Until(_ => Browser.All("#events .event").Count == 1, "the events of orders-1");

        Browser.Open(fixture.Page("#/stream/invoices-1"));
        var refused = Browser.TextOf("#forbidden", "403");
        Assert.Contains("read:invoices-1", refused, StringComparison.Ordinal);
        Assert.Empty(Browser.All("#events .event"));

        Browser.Open(fixture.Page("#/consumers"));
        Browser.TextOf("#forbidden", "403");
    }

    [Fact]
    public async Task Only_the_console_files_are_anonymous()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("ui/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("ui/console.js", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("ui/secrets.json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("uix", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("streams/orders-1", UriKind.Relative))).StatusCode);
    }

    /// <summary>API keys: an admin, and a reader of orders-* only.</summary>
    public sealed class SecuredFixture : IAsyncLifetime
    {
        public KestrelApiFactory Server { get; } = new();

        public Chromium Browser { get; private set; } = null!;

        public Uri Page(string route) => new(Server.Client.BaseAddress!, "ui/" + route);

        public async Task InitializeAsync()
        {
            Server.With("Auth:Mode", "ApiKey");
            (string Name, string Key, string Scope)[] keys = [("admin", AdminKey, "admin"), ("reader", ReaderKey, "read:orders-*")];
            for (var i = 0; i < keys.Length; i++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}");
                Server.With(prefix + ":Name", keys[i].Name).With(prefix + ":Key", keys[i].Key).With(prefix + ":Scopes:0", keys[i].Scope);
            }

            Server.Client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await Server.Client.CommitAsync("orders-1", """[{"type":"OrderPlaced","orderId":"1"}]""");
            await Server.Client.CommitAsync("invoices-1", """[{"type":"InvoiceIssued","invoiceId":"1"}]""");
            Browser = new Chromium();
        }

        public Task DisposeAsync()
        {
            Browser?.Dispose();
            Server.Dispose();
            return Task.CompletedTask;
        }
    }
}
