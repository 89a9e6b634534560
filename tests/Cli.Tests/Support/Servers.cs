using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Cli.Tests.Support;

/// <summary>A real server (Kestrel on a loopback port, fresh data directory) and a client of it.</summary>
public sealed class Server : IDisposable
{
    private readonly KestrelApiFactory _factory = new();
    private readonly ServiceProvider _provider;

    /// <param name="dataDirectory">Open this data directory (a restored backup) instead of a fresh one.</param>
    public Server(string? dataDirectory = null)
    {
        if (dataDirectory is not null)
        {
            _factory.With("EventStore:StorageDirectory", dataDirectory);
        }

        DataDirectory = dataDirectory ?? _factory.DataDirectory;

        Url = _factory.Client.BaseAddress!.ToString().TrimEnd('/');
        var services = new ServiceCollection();
        services.AddCleanEventStoreClient(options => options.BaseAddress = new Uri(Url));
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<EventStoreClient>();
    }

    public string Url { get; }

    /// <summary>The data directory the server opened.</summary>
    public string DataDirectory { get; }

    public EventStoreClient Client { get; }

    public Task<CommitResult> CommitAsync(string stream, string metadata, params string[] payloads) =>
        Client.CommitAsync(stream, [.. payloads.Select(EventData.FromJson)], options: metadata.Length == 0 ? null : new CommitOptions { Metadata = metadata });

    /// <summary>The whole log as its lines.</summary>
    public async Task<List<string>> AllAsync()
    {
        var lines = new List<string>();
        if (await Client.GetStreamVersionAsync(EventStoreClient.AllStream) == 0)
        {
            return lines;
        }

        await foreach (var recorded in Client.ReadAllAsync())
        {
            lines.Add(Encoding.UTF8.GetString(recorded.Document.Span));
        }

        return lines;
    }

    /// <summary>A document without the members that <c>ces import</c> does not reproduce (<paramref name="members"/> of its metadata).</summary>
    public static string Without(string document, params string[] members)
    {
        var node = JsonNode.Parse(document)!.AsObject();
        var metadata = node["metadata"]!.AsObject();
        foreach (var member in members)
        {
            metadata.Remove(member);
        }

        return node.ToJsonString();
    }

    public void Dispose()
    {
        _provider.Dispose();
        _factory.Dispose();
    }
}
