using System.Net;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CommitEvents;

/// <summary><c>POST /streams/{stream}/commit</c>: results, concurrency, idempotency and every rejection.</summary>
public sealed class CommitEventsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public CommitEventsTests(ApiFactory factory) => _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Commit_StoresEvents_AndVersionReportsThem()
    {
        var stream = Unique("orders");

        var response = await _client.PostJsonAsync(
            $"/streams/{stream}/commit",
            "{\"events\":[{\"type\":\"OrderPlaced\",\"orderId\":\"1\"},{\"type\":\"OrderConfirmed\", \"orderId\" : \"1\"}],\"expectedVersion\":\"empty\",\"metadata\":{\"requestId\":\"req-1\"}}");
        var result = await response.JsonAsync();
        var version = await (await _client.GetAsync($"/streams/{stream}/version")).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            ["commitId", "committedAt", "requestId", "streamName", "streamVersion", "events"],
            result.Select(p => p.Key));
        Assert.Equal(stream, result["streamName"]!.GetValue<string>());
        Assert.Equal(0, result["streamVersion"]!.GetValue<long>());
        Assert.Equal("req-1", result["requestId"]!.GetValue<string>());
        Assert.Equal("[{\"type\":\"OrderPlaced\",\"orderId\":\"1\"},{\"type\":\"OrderConfirmed\",\"orderId\":\"1\"}]", result["events"]!.ToJsonString());
        Assert.Equal($"{{\"stream\":\"{stream}\",\"version\":2}}", version.ToJsonString());
    }

    [Fact]
    public async Task Commit_StoredLines_HaveTheProtocolShapeAndKeyOrder()
    {
        var stream = Unique("shape");
        var result = await _client.CommitAsync(stream, "{\"type\":\"A\",\"n\":1}");
        await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{\"n\":2},{\"n\":3}],\"metadata\":{\"user\":\"u1\"}}");

        var response = await _client.GetAsync($"/streams/{stream}");
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        var commitId = result["commitId"]!.GetValue<long>();
        var committedAt = result["committedAt"]!.GetValue<long>();
        Assert.Equal(
            $"{{\"stream\":\"{stream}\",\"payload\":{{\"type\":\"A\",\"n\":1}},\"metadata\":{{\"commitId\":{commitId},\"committedAt\":{committedAt},\"commitVersion\":0,\"commitSize\":1,\"streamVersion\":0}}}}",
            lines[0]);
        Assert.Matches("\"metadata\":\\{\"commitId\":\\d+,\"committedAt\":\\d+,\"commitVersion\":1,\"commitSize\":2,\"user\":\"u1\",\"streamVersion\":2\\}\\}$", lines[2]);
    }

    [Fact]
    public async Task Commit_WrongExpectedVersion_Is409WithTheProtocolMessage()
    {
        var stream = Unique("occ");
        await _client.CommitAsync(stream, "{}", "{}");

        var exact = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{}],\"expectedVersion\":5}");
        var empty = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{}],\"expectedVersion\":\"empty\"}");
        var right = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{}],\"expectedVersion\":\"2\"}");

        var problem = await exact.AssertProblemAsync(HttpStatusCode.Conflict, $"Optimistic Concurrency error. Expected stream \"{stream}\" at version 5 but is at version 2.");
        Assert.Equal(2, problem["actualVersion"]!.GetValue<long>());
        await empty.AssertProblemAsync(HttpStatusCode.Conflict, $"Optimistic Concurrency error. Expected stream \"{stream}\" at version 0 but is at version 2.");
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
    }

    [Theory]
    [InlineData("{\"events\":[{}]", "The request body is not valid JSON", false)]
    [InlineData("[1,2]", "Commit payload must be a JSON object.", true)]
    [InlineData("5", "Commit payload must be a JSON object.", true)]
    [InlineData("{}", "Commit payload must include a non-empty events array.", true)]
    [InlineData("{\"events\":[]}", "Commit payload must include a non-empty events array.", true)]
    [InlineData("{\"events\":{}}", "Commit payload must include a non-empty events array.", true)]
    [InlineData("{\"events\":[{},42]}", "events[1] must be a JSON object.", true)]
    [InlineData("{\"events\":[{}],\"expectedVersion\":\"latest\"}", "expectedVersion must be a number, \"any\", or \"empty\".", true)]
    [InlineData("{\"events\":[{}],\"expectedVersion\":1.5}", "expectedVersion must be a number, \"any\", or \"empty\".", true)]
    [InlineData("{\"events\":[{}],\"expectedVersion\":-3}", "expectedVersion must be a number, \"any\", or \"empty\".", true)]
    [InlineData("{\"events\":[{}],\"metadata\":[1]}", "metadata must be a JSON object.", true)]
    [InlineData("{\"events\":[{}],\"metadata\":{\"commitId\":0}}", "metadata must not set \"commitId\"", false)]
    [InlineData("{\"events\":[{}],\"metadata\":{\"streamVersion\":9}}", "metadata must not set \"streamVersion\"", false)]
    [InlineData("{\"events\":[{}],\"condition\":null}", "condition must be a JSON object.", true)]
    [InlineData("{\"events\":[{}]} {}", "The request body", false)]
    public async Task Commit_BadBody_Is400NamingTheProblem_AndWritesNothing(string body, string error, bool exact)
    {
        var stream = Unique("bad");

        var response = await _client.PostJsonAsync($"/streams/{stream}/commit", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error, exact);
        await (await _client.GetAsync($"/streams/{stream}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var list = await (await _client.GetAsync("/streams")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(stream, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_JsonDeeperThan64Levels_Is400()
    {
        var deep = new string('[', 70) + new string(']', 70);

        var response = await _client.PostJsonAsync($"/streams/{Unique("deep")}/commit", $"{{\"events\":[{{\"x\":{deep}}}]}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "depth", exact: false);
    }

    [Fact]
    public async Task Commit_InvalidUtf8_Is400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"events\":[{\"x\":\"ab\"}]}");
        bytes[16] = 0xC3;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync($"/streams/{Unique("utf8")}/commit", content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "The request body is not valid UTF-8.");
    }

    [Fact]
    public async Task Commit_BodyOverTheLimit_Is413()
    {
        var payload = new string('x', 1_100_000);

        var response = await _client.PostJsonAsync($"/streams/{Unique("big")}/commit", $"{{\"events\":[{{\"p\":\"{payload}\"}}]}}");

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "larger than 1048576 bytes", exact: false);
    }

    [Fact]
    public async Task Commit_NonJsonContentType_Is415()
    {
        var response = await _client.PostAsync($"/streams/{Unique("text")}/commit", new StringContent("{\"events\":[{}]}", Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("orders..1")]
    [InlineData("_all")]
    [InlineData("-x")]
    public async Task Commit_BadStreamName_Is400WithTheProtocolMessage(string stream)
    {
        var response = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{}]}");

        await response.AssertProblemAsync(
            HttpStatusCode.BadRequest,
            "stream must use segments that start with a letter or number and may contain letters, numbers, \"_\", and separators: / : @ ~ + = - # .");
    }

    [Fact]
    public async Task Commit_StreamNameLongerThan256_Is400()
    {
        var response = await _client.PostJsonAsync($"/streams/{new string('a', 257)}/commit", "{\"events\":[{}]}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "stream must be at most 256 characters long.");
    }

    [Fact]
    public async Task Commit_TypeThatIsNotAStreamName_Is400AndWritesNothing()
    {
        var stream = Unique("typed");

        var response = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{\"type\":\"ok\"},{\"type\":\"bad..type\"}]}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "events[1]: Invalid stream name \"bad..type\" derived from path \"type\".");
        await (await _client.GetAsync($"/streams/{stream}/version")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Commit_IdempotencyKey_RetryReturnsTheFirstResultAndWritesNothing()
    {
        var stream = Unique("idem");
        var key = Guid.NewGuid().ToString();
        const string Body = "{\"events\":[{\"type\":\"Paid\"}]}";

        var first = await _client.PostJsonAsync($"/streams/{stream}/commit", Body, key);
        var retry = await _client.PostJsonAsync($"/streams/{stream}/commit", Body, key);
        var reused = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{\"type\":\"Other\"}]}", key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(await _client.ReadLinesAsync($"/streams/{stream}"));
    }

    [Fact]
    public async Task Commit_FiftyConcurrentCommitsWithAny_GetVersionsZeroToFortyNineOnce()
    {
        var stream = Unique("concurrent");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _client.PostJsonAsync($"/streams/{stream}/commit", $"{{\"events\":[{{\"n\":{i}}}],\"expectedVersion\":\"any\"}}")));
        var versions = new List<long>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            versions.Add((await response.JsonAsync())["streamVersion"]!.GetValue<long>());
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), versions.Order());
        Assert.Equal(50, (await (await _client.GetAsync($"/streams/{stream}/version")).JsonAsync())["version"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (await _client.ReadLinesAsync($"/streams/{stream}")).Field("metadata.streamVersion"));
    }

    [Fact]
    public async Task Commit_TwentyConcurrentCommitsWithTheSameExpectedVersion_ExactlyOneWins()
    {
        var stream = Unique("race");
        await _client.CommitAsync(stream, "{}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _client.PostJsonAsync($"/streams/{stream}/commit", $"{{\"events\":[{{\"n\":{i}}}],\"expectedVersion\":1}}")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(2, (await _client.ReadLinesAsync($"/streams/{stream}")).Count);
    }
}
