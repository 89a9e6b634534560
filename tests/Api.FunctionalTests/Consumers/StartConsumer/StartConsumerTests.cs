using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.StartConsumer;

/// <summary><c>PUT /consumers/{name}</c>: starting, replacing and restarting a consumer, and what its handler may do.</summary>
public sealed class StartConsumerTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public StartConsumerTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task PutAndGet_ExposeDurableConsumers_Row33()
    {
        await _client.CommitAsync("row33-orders-1", "{\"type\":\"OrderPlaced\",\"orderId\":\"1\"}");

        var created = await _client.StartConsumerAsync(
            "row33-reader/stream/row33-orders-1/from/1",
            "(event, state) => ({ lastSeen: event.payload.orderId })",
            "{\"lastSeen\":null}");
        var fetched = await (await _client.GetAsync("/consumers/row33-reader")).JsonAsync();
        var list = await (await _client.GetAsync("/consumers")).JsonAsync();

        Assert.Equal("row33-reader", created["identifier"]!.GetValue<string>());
        Assert.Equal("row33-orders-1", created["stream"]!.GetValue<string>());
        Assert.Equal(1, created["position"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"lastSeen\":null}"), created["state"]));
        Assert.Equal("running", created["status"]!.GetValue<string>());
        Assert.Null(created["error"]);
        Assert.True(JsonNode.DeepEquals(created, fetched), fetched.ToJsonString());
        var item = list["consumers"]!.AsArray().Single(c => c!["identifier"]!.GetValue<string>() == "row33-reader")!;
        Assert.Equal("row33-orders-1", item["stream"]!.GetValue<string>());
        Assert.Equal("running", item["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("from/0")]
    [InlineData("from/abc")]
    [InlineData("from/-2")]
    public async Task Put_BadFrom_Returns400(string tail)
    {
        await _client.CommitAsync("badfrom-1", "{\"type\":\"A\"}");

        var response = await _client.PutConsumerAsync("badfrom/stream/badfrom-1/" + tail, ConsumerApi.Counter);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "from must be a positive integer.");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/consumers/badfrom")).StatusCode);
    }

    [Theory]
    [InlineData("", "Consumer payload must be a JSON object.")]
    [InlineData("[]", "Consumer payload must be a JSON object.")]
    [InlineData("\"text\"", "Consumer payload must be a JSON object.")]
    [InlineData("{}", "Consumer payload must include a \"handler\" function string.")]
    [InlineData("{\"handler\":42}", "Consumer payload must include a \"handler\" function string.")]
    [InlineData("{\"handler\":\"   \"}", "Consumer payload must include a \"handler\" function string.")]
    [InlineData("{\"handler\":\"(event, state) => {\"}", "handler must be a valid JavaScript function.")]
    [InlineData("{\"handler\":\"42\"}", "handler must be a valid JavaScript function.")]
    [InlineData("{\"handler\":\"'not a function'\"}", "handler must be a valid JavaScript function.")]
    [InlineData("{\"handler\":\"(function(){ throw new Error('no'); })()\"}", "handler must be a valid JavaScript function.")]
    [InlineData("{\"handler\":\"(e, s) => s\",\"state\":[]}", "Consumer state must be a JSON object.")]
    [InlineData("{\"handler\":\"(e, s) => s\",\"state\":null}", "Consumer state must be a JSON object.")]
    [InlineData("{\"handler\":\"(e, s) => s\",\"state\":5}", "Consumer state must be a JSON object.")]
    public async Task Put_InvalidBody_Returns400AndCreatesNothing(string body, string error)
    {
        await _client.CommitAsync("badbody-1", "{\"type\":\"A\"}");

        var response = await _client.PutJsonAsync("/consumers/badbody/stream/badbody-1", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/consumers/badbody")).StatusCode);
    }

    [Fact]
    public async Task Put_TopLevelEndlessLoop_Returns400WithoutHanging()
    {
        await _client.CommitAsync("toploop-1", "{\"type\":\"A\"}");

        // The statement limit ends the loop (ApiFactory sets the sandbox's time limit out of reach); a hang would
        // end in the client's timeout instead of this answer.
        var response = await _client.PutConsumerAsync("toploop/stream/toploop-1", "(function(){ while(true){} })()");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "handler must be a valid JavaScript function.");
    }

    [Fact]
    public async Task Put_StateNestedDeeperThan64_Returns400()
    {
        await _client.CommitAsync("deepstate-1", "{\"type\":\"A\"}");
        var ok = new string('[', 63) + new string(']', 63);
        var tooDeep = new string('[', 64) + new string(']', 64);

        var accepted = await _client.PutConsumerAsync("deepstate-ok/stream/deepstate-1", "(e, s) => undefined", "{\"a\":" + ok + "}");
        var rejected = await _client.PutConsumerAsync("deepstate/stream/deepstate-1", "(e, s) => undefined", "{\"a\":" + tooDeep + "}");
        var wayTooDeep = await _client.PutConsumerAsync("deepstate/stream/deepstate-1", "(e, s) => undefined", "{\"a\":" + new string('[', 500) + new string(']', 500) + "}");

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await rejected.AssertProblemAsync(HttpStatusCode.BadRequest, "Consumer state must be a JSON object.");
        await wayTooDeep.AssertProblemAsync(HttpStatusCode.BadRequest, "Consumer state must be a JSON object.");
    }

    [Fact]
    public async Task Put_HandlerLargerThan64KiB_Returns400()
    {
        await _client.CommitAsync("bighandler-1", "{\"type\":\"A\"}");
        var handler = "(e, s) => s /*" + new string('x', 64 * 1024) + "*/";

        var response = await _client.PutConsumerAsync("bighandler/stream/bighandler-1", handler);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "handler must not be larger than 65536 bytes (UTF-8).");
    }

    [Fact]
    public async Task Put_UnknownStream_Returns404AndCreatesNothing()
    {
        var response = await _client.PutConsumerAsync("nostream/stream/does-not-exist", ConsumerApi.Counter);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "Stream \"does-not-exist\" does not exist.");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/consumers/nostream")).StatusCode);
    }

    [Fact]
    public async Task Put_RejectedRequestForAnExistingConsumer_ChangesNothing()
    {
        await _client.CommitAsync("keep-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
        await _client.StartConsumerAsync("keep/stream/keep-1", ConsumerApi.Counter);
        await _client.AfterAsync("keep", 2);

        var badHandler = await _client.PutConsumerAsync("keep/stream/keep-1", "(e, s) => {");
        var badStream = await _client.PutConsumerAsync("keep/stream/keep-missing", ConsumerApi.Counter);
        await _client.CommitAsync("keep-1", "{\"type\":\"C\"}");
        var after = await _client.AfterAsync("keep", 3);

        Assert.Equal(HttpStatusCode.BadRequest, badHandler.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badStream.StatusCode);
        Assert.Equal("running", after["status"]!.GetValue<string>());
        Assert.Equal(3, after["state"]!["count"]!.GetValue<int>());
        Assert.Equal("keep-1", after["stream"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_SameDefinitionAgain_Returns200AndKeepsPositionAndState()
    {
        await _client.CommitAsync("same-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
        await _client.StartConsumerAsync("same/stream/same-1", ConsumerApi.Counter, "{\"count\":0}");
        await _client.AfterAsync("same", 2);

        var again = await _client.StartConsumerAsync("same/stream/same-1", ConsumerApi.Counter, "{\"count\":0}", HttpStatusCode.OK);

        Assert.Equal(2, again["position"]!.GetValue<long>());
        Assert.Equal(2, again["state"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_ChangedDefinition_Returns200AndRestartsFromTheNewDefinition()
    {
        await _client.CommitAsync("replace-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}", "{\"type\":\"C\"}");
        await _client.StartConsumerAsync("replace/stream/replace-1", ConsumerApi.Counter);
        await _client.AfterAsync("replace", 3);

        var replaced = await _client.StartConsumerAsync(
            "replace/stream/replace-1/from/1",
            "(event, state) => ({ types: state.types.concat([event.payload.type]) })",
            "{\"types\":[]}",
            HttpStatusCode.OK);
        var caughtUp = await _client.AfterAsync("replace", 3);

        Assert.Equal(1, replaced["position"]!.GetValue<long>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"types\":[]}"), replaced["state"]));
        Assert.Equal("[\"B\",\"C\"]", caughtUp["state"]!["types"]!.ToJsonString());
    }

    [Fact]
    public async Task Put_AllAndHierarchicalStreams_AreAllowed()
    {
        await _client.CommitAsync("orders/eu", "{\"type\":\"A\"}");
        await _client.CommitAsync("orders/eu", "{\"type\":\"B\"}");

        var hierarchical = await _client.StartConsumerAsync("eu-reader/stream/orders/eu", ConsumerApi.Counter);
        var all = await _client.StartConsumerAsync("all-reader/stream/_all", "(event, state) => ({ last: event.stream })");
        var euDone = await _client.AfterAsync("eu-reader", 2);
        var head = await (await _client.GetAsync("/streams/_all/version")).JsonAsync();
        var allDone = await _client.AfterAsync("all-reader", head["version"]!.GetValue<long>());

        Assert.Equal("orders/eu", hierarchical["stream"]!.GetValue<string>());
        Assert.Equal("_all", all["stream"]!.GetValue<string>());
        Assert.Equal(2, euDone["state"]!["count"]!.GetValue<int>());
        Assert.NotNull(allDone["state"]!["last"]);
    }

    [Fact]
    public async Task Handler_ReceivesTheFullStoredDocument()
    {
        await _client.CommitAsync("document-1", "{\"type\":\"OrderPlaced\",\"orderId\":\"7\"}");

        await _client.StartConsumerAsync(
            "document-reader/stream/document-1",
            "(event, state) => ({ stream: event.stream, orderId: event.payload.orderId, top: event.orderId === undefined, hasMetadata: typeof event.metadata === 'object' })");
        var consumer = await _client.AfterAsync("document-reader", 1);

        Assert.Equal("document-1", consumer["state"]!["stream"]!.GetValue<string>());
        Assert.Equal("7", consumer["state"]!["orderId"]!.GetValue<string>());
        Assert.True(consumer["state"]!["top"]!.GetValue<bool>());
        Assert.True(consumer["state"]!["hasMetadata"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Handler_Throws_FaultsTheConsumerAndWaitsAnswer409()
    {
        await _client.CommitAsync("fault-1", "{\"type\":\"A\"}", "{\"type\":\"Bad\"}", "{\"type\":\"C\"}");
        const string Failing = "(event, state) => { if (event.payload.type === 'Bad') { throw new Error('boom'); } return { count: (state.count || 0) + 1 }; }";

        await _client.StartConsumerAsync("faulty/stream/fault-1", Failing);
        var faulted = await _client.FaultedAsync("faulty");
        var wait = await _client.GetAsync("/consumers/faulty/after/3");
        var reached = await _client.GetAsync("/consumers/faulty/after/1");
        var listed = await (await _client.GetAsync("/consumers")).JsonAsync();

        Assert.Equal(1, faulted["position"]!.GetValue<long>());
        Assert.Equal(1, faulted["state"]!["count"]!.GetValue<int>());
        Assert.Equal("boom", faulted["error"]!.GetValue<string>());
        Assert.Equal(2, faulted["failedRevision"]!.GetValue<long>());
        await wait.AssertProblemAsync(HttpStatusCode.Conflict, "Consumer \"faulty\" is faulted: boom");
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
        Assert.Contains(listed["consumers"]!.AsArray(), c => c!["identifier"]!.GetValue<string>() == "faulty" && c["status"]!.GetValue<string>() == "faulted");
    }

    [Fact]
    public async Task Put_AfterAFault_RestartsTheConsumer()
    {
        await _client.CommitAsync("refault-1", "{\"type\":\"A\"}", "{\"type\":\"Bad\"}");
        const string Failing = "(event, state) => { if (event.payload.type === 'Bad') throw new Error('boom'); return { count: (state.count || 0) + 1 }; }";
        await _client.StartConsumerAsync("refaulty/stream/refault-1", Failing);
        await _client.FaultedAsync("refaulty");

        var fixedHandler = await _client.StartConsumerAsync("refaulty/stream/refault-1", ConsumerApi.Counter, expected: HttpStatusCode.OK);
        var done = await _client.AfterAsync("refaulty", 2);

        Assert.Equal("running", fixedHandler["status"]!.GetValue<string>());
        Assert.Equal(0, fixedHandler["position"]!.GetValue<long>());
        Assert.Equal(2, done["state"]!["count"]!.GetValue<int>());
        Assert.Equal("running", done["status"]!.GetValue<string>());
        Assert.Null(done["error"]);
    }

    [Fact]
    public async Task Handler_ExceedingASandboxLimit_FaultsOnlyThatConsumer()
    {
        await _client.CommitAsync("limits-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("looping/stream/limits-1", "(event, state) => { while (true) {} }");
        await _client.StartConsumerAsync("healthy/stream/limits-1", ConsumerApi.Counter);

        var faulted = await _client.FaultedAsync("looping");
        await _client.CommitAsync("limits-1", "{\"type\":\"B\"}");
        var healthy = await _client.AfterAsync("healthy", 2);

        Assert.Equal("the handler exceeded the limit of 1000000 statements per event.", faulted["error"]!.GetValue<string>());
        Assert.Equal(1, faulted["failedRevision"]!.GetValue<long>());
        Assert.Equal(2, healthy["state"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Handler_ReturningSomethingNotJson_FaultsTheConsumer()
    {
        await _client.CommitAsync("notjson-1", "{\"type\":\"A\"}");

        await _client.StartConsumerAsync("notjson/stream/notjson-1", "(event, state) => { var o = {}; o.self = o; return o; }");
        var faulted = await _client.FaultedAsync("notjson");

        Assert.Equal(0, faulted["position"]!.GetValue<long>());
        Assert.Equal(1, faulted["failedRevision"]!.GetValue<long>());
    }
}
