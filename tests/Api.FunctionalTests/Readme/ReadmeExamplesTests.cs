using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Readme;

/// <summary>
/// The README works as written: every <c>curl</c> example of its API section runs, in order, against a fresh store on a
/// real server (with the default configuration), and answers what the README says it answers. A command ending in
/// <c>&amp;</c> runs in the background like in a shell; it is a long-poll, so the next command starts once the server
/// counts it as waiting, and its answer is checked at the end of its code block. The examples run on both storage
/// providers: every answer the README shows is the same on the embedded engine and on PostgreSQL.
/// </summary>
public sealed class ReadmeExamplesTests : IAsyncLifetime
{
    /// <summary>Values that differ from run to run; the comparison checks only that they are there.</summary>
    private static readonly HashSet<string> Volatile = ["committedAt", "traceId", "uptimeSeconds", "workingSetBytes", "runtime", "processorCount", "env"];

    private readonly KestrelApiFactory _factory = new();
    private readonly ITestOutputHelper _output;

    public ReadmeExamplesTests(ITestOutputHelper output)
    {
        _output = output;
        var defaults = new Application.Common.Options.EventStoreOptions();
        _factory.With("EventStore:StreamPollTimeoutMs", defaults.StreamPollTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _factory.With("EventStore:ConsumerPollTimeoutMs", defaults.ConsumerPollTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private PostgresDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("File")]
    [InlineData("Postgres")]
    public async Task ApiSection_EveryExampleAnswersWhatTheReadmeSays(string provider)
    {
        if (provider == "Postgres")
        {
            _database = await PostgresDatabase.CreateAsync();
            _factory.With("EventStore:Provider", provider).With("EventStore:Postgres:ConnectionString", _database.ConnectionString);
        }

        var examples = ReadmeExample.Extract(await File.ReadAllLinesAsync(ReadmePath()), "## The API");
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples found");
        var longPolls = _factory.Services.GetRequiredService<LongPolls>();
        var pending = new List<(ReadmeExample Example, Task<HttpResponseMessage> Response)>();
        foreach (var example in examples)
        {
            _output.WriteLine(example.ToString());
            if (example.Command.Background)
            {
                var open = longPolls.Open;
                pending.Add((example, Send(example.Command)));
                await WaitUntilAsync(() => longPolls.Open > open, example);
                continue;
            }

            await AssertAnswersAsync(example, await Send(example.Command));
            foreach (var (background, response) in pending)
            {
                await AssertAnswersAsync(background, await response.WaitAsync(TimeSpan.FromSeconds(30)));
            }

            pending.Clear();
        }

        Assert.Empty(pending);
    }

    private Task<HttpResponseMessage> Send(CurlCommand command)
    {
        var path = Regex.Replace(command.Url, "^(http://)?localhost:3000", string.Empty);
        Assert.StartsWith("/", path, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(command.Method), _factory.RawPath(path));
        string? contentType = null;
        foreach (var (name, value) in command.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (command.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(command.Body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return _factory.Client.SendAsync(request);
    }

    private static async Task AssertAnswersAsync(ReadmeExample example, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (example.ExpectedStatus is { } expected)
        {
            Assert.True(status == expected, $"{example}\nexpected {expected}, got {status}: {body}");
        }
        else
        {
            Assert.True(status is >= 200 and < 300, $"{example}\nexpected a 2xx, got {status}: {body}");
        }

        if (example.ExpectedError is { } error)
        {
            var actual = JsonNode.Parse(body)!["error"]!.GetValue<string>();
            var pattern = "^" + string.Join(".*", error.Split('…').Select(Regex.Escape)) + "$";
            Assert.True(Regex.IsMatch(actual, pattern), $"{example}\nexpected the error \"{error}\", got \"{actual}\"");
        }

        var expectedJson = example.ExpectedJson.ToList();
        if (expectedJson.Count > 0)
        {
            var actualDocuments = response.Content.Headers.ContentType?.MediaType == "application/x-ndjson"
                ? body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                : [body];
            Assert.True(expectedJson.Count == actualDocuments.Length, $"{example}\nexpected {expectedJson.Count} JSON documents, got {actualDocuments.Length}: {body}");
            for (var i = 0; i < expectedJson.Count; i++)
            {
                AssertSameJson(example, JsonNode.Parse(expectedJson[i]), JsonNode.Parse(actualDocuments[i]), "$");
            }
        }

        foreach (var (name, value) in example.ExpectedHeaders)
        {
            var actual = response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                ? string.Join(",", values)
                : null;
            Assert.True(actual == value, $"{example}\nexpected the header {name}: {value}, got {actual ?? "none"}");
        }
    }

    private static void AssertSameJson(ReadmeExample example, JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual);
                Assert.True(
                    expectedObject.Select(p => p.Key).SequenceEqual(actualObject.Select(p => p.Key)),
                    $"{example}\n{path}: expected the members {string.Join(",", expectedObject.Select(p => p.Key))}, got {string.Join(",", actualObject.Select(p => p.Key))}: {actual!.ToJsonString()}");
                foreach (var (key, value) in expectedObject)
                {
                    if (!Volatile.Contains(key))
                    {
                        AssertSameJson(example, value, actualObject[key], $"{path}.{key}");
                    }
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.True(expectedArray.Count == actualArray.Count, $"{example}\n{path}: expected {expectedArray.Count} items, got {actualArray.Count}: {actual!.ToJsonString()}");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertSameJson(example, expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(
                    JsonNode.DeepEquals(expected, actual),
                    $"{example}\n{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "nothing"}");
                break;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, ReadmeExample example)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"{example}\nthe background request did not start waiting within 30 s");
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CleanEventStore.sln")))
            {
                return Path.Combine(directory.FullName, "README.md");
            }
        }

        throw new FileNotFoundException("README.md (next to CleanEventStore.sln) was not found above " + AppContext.BaseDirectory);
    }
}
