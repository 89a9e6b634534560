using CleanEventStore.Console.BrowserTests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace CleanEventStore.Console.BrowserTests;

/// <summary>Each page of the console in headless Chromium over a real server with data, at 1280 px and at 375 px.</summary>
public sealed class ConsolePagesTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private Chromium Browser => fixture.Browser;

    private void Open(string route, int width = Chromium.DesktopWidth)
    {
        Browser.Resize(width);
        Browser.Open(fixture.Page(route));
    }

    [Fact]
    public void The_streams_page_lists_every_stream_with_its_kind_version_and_state_and_filters_them()
    {
        Open("#/streams");
        var row = Browser.Element("tr[data-stream='orders-1']");
        Assert.Contains("write", row.Text, StringComparison.Ordinal);
        Assert.Contains("2", row.Text, StringComparison.Ordinal);
        Assert.Contains("closed", Browser.Element("tr[data-stream='invoices-1']").Text, StringComparison.Ordinal);
        Assert.Contains("derived", Browser.Element("tr[data-stream='big-orders']").Text, StringComparison.Ordinal);
        Assert.Contains("tag", Browser.Element("tr[data-stream='tags/eu']").Text, StringComparison.Ordinal);
        Browser.Screenshot("streams");

        Browser.Element("#search").SendKeys("invoices-");
        Browser.Until(_ => Browser.All("#stream-rows tr").Count == 1, "only invoices-1 listed");
        Assert.Equal("invoices-1", Browser.All("#stream-rows tr")[0].GetAttribute("data-stream"));

        Browser.Element("#search").SendKeys(Keys.Control + "a");
        Browser.Element("#search").SendKeys(Keys.Delete);
        Browser.Until(_ => Browser.All("#stream-rows tr").Count > 1, "every stream again");
        new SelectElement(Browser.Element("#kind")).SelectByValue("type");
        Browser.Until(_ => Browser.All("#stream-rows tr").Count > 0 && Browser.All("#stream-rows tr[data-stream='orders-1']").Count == 0, "only type streams");
        Assert.All(Browser.All("#stream-rows tr"), r => Assert.Contains("type", r.Text, StringComparison.Ordinal));
        Assert.Contains(Browser.All("#stream-rows tr"), r => r.GetAttribute("data-stream") == "OrderPlaced");

        new SelectElement(Browser.Element("#kind")).SelectByValue("");
        new SelectElement(Browser.Element("#closed")).SelectByValue("closed");
        Browser.Until(_ => Browser.All("#stream-rows tr").Count == 1, "only the closed stream");
        Assert.Equal("invoices-1", Browser.All("#stream-rows tr")[0].GetAttribute("data-stream"));
    }

    [Fact]
    public void A_stream_shows_its_events_newest_first_with_their_metadata_and_pages_backwards()
    {
        Open("#/stream/history-1");
        Browser.Until(_ => Browser.All("#events .event").Count == 20, "the newest 20 events");
        Browser.TextOf("#summary", "version 45");
        var first = Browser.All("#events .event")[0];
        Assert.Contains("\"n\": 45", first.FindElement(By.CssSelector("pre.json")).Text, StringComparison.Ordinal);
        Assert.Contains("stream version 44", first.FindElement(By.CssSelector(".meta")).Text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Browser.Screenshot("stream");

        Browser.Element("#older").Click();
        Browser.Until(_ => Browser.All("#events .event").Count == 40, "40 events after one older page");
        Assert.Contains("\"n\": 6", Browser.All("#events .event")[39].Text, StringComparison.Ordinal);
        Browser.Element("#older").Click();
        Browser.Until(_ => Browser.All("#events .event").Count == ConsoleFixture.HistoryLength, "every event");
        Assert.Contains("\"n\": 1\n", Browser.All("#events .event")[^1].FindElement(By.CssSelector("pre.json")).Text + "\n", StringComparison.Ordinal);
        Browser.Until(_ => !Browser.Element("#older").Enabled, "no older page");
        Assert.Equal("No older events", Browser.Element("#older").Text);
    }

    [Fact]
    public async Task Following_a_stream_shows_a_newly_committed_event_at_the_top()
    {
        Open("#/stream/orders-2");
        Browser.Until(_ => Browser.All("#events .event").Count == 1, "the stream's event");
        Browser.Element("#follow").Click();
        Browser.TextOf("#live-status", "live");

        await fixture.Client.CommitAsync("orders-2", """[{"type":"OrderShipped","orderId":"2","carrier":"console-test"}]""");

        var fresh = Browser.Until(_ => Browser.All("#events .event")[0] is { } top && top.Text.Contains("OrderShipped", StringComparison.Ordinal) ? top : null, "the new event at the top");
        Assert.Contains("fresh", fresh!.GetAttribute("class"), StringComparison.Ordinal);
        Assert.Equal(2, Browser.All("#events .event").Count);
        Browser.Element("#follow").Click();
        Browser.TextOf("#live-status", "not following");
    }

    [Fact]
    public void The_global_log_and_a_category_show_their_events()
    {
        Open("#/all");
        Browser.Until(_ => Browser.All("#events .event").Count >= 20, "the newest events of the log");
        Browser.TextOf("#summary", "events");
        Browser.Screenshot("all");

        Open("#/categories");
        Browser.Element("#categories a[href='#/categories/orders']").Click();
        Browser.TextOf("#title", "Category orders");
        Browser.Until(_ => Browser.All("#events .event").Count >= 3, "the events of orders-1 and orders-2");
        Assert.All(Browser.All("#events .event .stream"), s => Assert.StartsWith("orders-", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_shows_its_events_and_condition_and_a_commit_with_it_succeeds_once_then_conflicts()
    {
        Open("#/query");
        Browser.Element("#items .types").SendKeys("OrderPlaced");
        Browser.Element("#items .tags").SendKeys("eu");
        Browser.Element("#run-query").Click();
        var condition = Browser.TextOf("#condition", "noneMatchAfter");
        Assert.Contains("tags/eu", condition, StringComparison.Ordinal);
        Browser.TextOf("#query-count", "matching event");
        Assert.All(Browser.All("#query-events .event .type"), t => Assert.Equal("OrderPlaced", t.Text));
        Assert.Contains("\"OrderPlaced\"", Browser.Element("#commit-event").GetAttribute("value"), StringComparison.Ordinal);

        Browser.Element("#commit").Click();
        Browser.TextOf("#commit-ok", "201");
        Browser.Screenshot("query");
        Browser.Element("#commit").Click();
        var conflict = Browser.TextOf("#commit-conflict", "409");
        Assert.Contains("conflicting event", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void The_consumers_page_shows_status_position_lag_and_the_error_of_a_faulted_consumer()
    {
        Open("#/consumers");
        var running = Browser.Element("tr[data-consumer='order-counter']");
        Browser.Until(_ => running.Text.Contains("running", StringComparison.Ordinal), "order-counter running");
        Assert.Contains("\"count\": 2", running.Text, StringComparison.Ordinal);
        var cells = running.FindElements(By.CssSelector("td.num"));
        Assert.Equal("2", cells[0].Text);
        Assert.Equal("0", cells[1].Text);
        Assert.Contains("faulted", Browser.Element("tr[data-consumer='broken-projection']").Text, StringComparison.Ordinal);
        var error = Browser.TextOf("tr[data-error-of='broken-projection']", "revision");
        Assert.Contains("Failed at revision 2", error, StringComparison.Ordinal);
        Assert.Contains("cannot handle OrderPaid", error, StringComparison.Ordinal);
        Browser.Screenshot("consumers");
    }

    [Fact]
    public async Task The_health_page_shows_the_health_body_and_a_live_chart_of_rates()
    {
        Open("#/health");
        Browser.TextOf("#status", "ok");
        Browser.TextOf("#store-stats", "writable");
        Browser.TextOf("#server-stats", "uptime");
        Browser.Until(_ => Browser.All("#chart svg polyline").Count >= 1, "a line in the chart");

        // Rates come from server.totals when the server reports them, and from store.length otherwise.
        var reads = Browser.Element("#rate-1").Text;
        Assert.Contains(reads.Contains("unavailable", StringComparison.Ordinal) ? "events/s" : "commits/s", Browser.Element("#rate-0").Text, StringComparison.Ordinal);
        Assert.Contains("reads/s", reads, StringComparison.Ordinal);

        for (var i = 0; i < 5; i++)
        {
            await fixture.Client.CommitAsync("chart-1", """[{"type":"Tick"}]""");
        }

        // The peak of the last minute (a rate lasts one sample, which a loaded machine's polling could miss).
        Browser.Until(_ => double.Parse(Browser.Element("#chart svg").GetAttribute("data-peak")!, System.Globalization.CultureInfo.InvariantCulture) > 0, "a rate above zero after commits");
        Browser.Screenshot("health");
    }

    [Fact]
    public void At_phone_width_the_nav_collapses_behind_a_menu_button_and_no_page_overflows()
    {
        Open("#/streams", Chromium.PhoneWidth);
        Browser.Element("tr[data-stream='orders-1']");
        Assert.False(Browser.Element("#nav").Displayed);
        Assert.True(Browser.Element("#menu").Displayed);
        Assert.False(Browser.OverflowsHorizontally());
        Browser.Screenshot("streams");

        Browser.Element("#menu").Click();
        Browser.Until(_ => Browser.Element("#nav").Displayed, "the nav opened");
        Browser.Screenshot("nav");
        Browser.Element("#nav a[href='#/query']").Click();
        Browser.Until(_ => !Browser.Element("#nav").Displayed, "the nav closed after a choice");
        Browser.Element("#run-query");
        Assert.False(Browser.OverflowsHorizontally());
        Browser.Screenshot("query");

        foreach (var (route, ready, name) in new[]
        {
            ("#/stream/orders-1", "#events .event", "stream"),
            ("#/all", "#events .event", "all"),
            ("#/consumers", "tr[data-error-of]", "consumers"),
            ("#/health", "#chart svg", "health"),
        })
        {
            Open(route, Chromium.PhoneWidth);
            Browser.Element(ready);
            Assert.False(Browser.OverflowsHorizontally(), $"{route} overflows at {Chromium.PhoneWidth} px");
            Browser.Screenshot(name);
        }
    }
}
