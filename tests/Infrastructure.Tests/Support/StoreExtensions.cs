using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Tests.Support;

/// <summary>Terse helpers for engine tests.</summary>
public static class StoreExtensions
{
    public static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    public static CommitRequest Request(
        string stream,
        IEnumerable<string> events,
        ExpectedVersion? expected = null,
        string metadataMembers = "",
        CommitCondition? condition = null,
        IdempotencyToken? idempotency = null) =>
        new(StreamName.Parse(stream), [.. events.Select(Json)], Json(metadataMembers), expected ?? ExpectedVersion.Any, condition, idempotency);

    public static ValueTask<CommitOutcome> CommitAsync(this IEventStore store, string stream, params string[] events) =>
        store.CommitAsync(Request(stream, events), CancellationToken.None);

    /// <summary>Every line a read returns, without the newline.</summary>
    public static async Task<List<string>> ReadLinesAsync(this IEventStore store, ReadSource source, ResolvedWindow window, IEventFilter? filter = null)
    {
        var lines = new List<string>();
        await foreach (var batch in store.ReadAsync(source, window, filter, CancellationToken.None))
        {
            batch.ForEach(lines, static (line, list) => list.Add(Encoding.UTF8.GetString(line)));
        }

        return lines;
    }

    public static Task<List<string>> ReadStreamAsync(this IEventStore store, string stream, long from = 1, long until = long.MaxValue) =>
        store.ReadLinesAsync(new ReadSource.Stream(StreamName.Parse(stream, allowAll: true)), new ResolvedWindow(from, until));

    /// <summary>The value of a top-level payload property of stored lines (<c>"payload":{"n":…}</c>).</summary>
    public static List<string> Payload(this IEnumerable<string> lines, string property) =>
        [.. lines.Select(line =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            return document.RootElement.GetProperty("payload").GetProperty(property).ToString();
        })];

    public static List<string> Streams(this IEnumerable<string> lines) =>
        [.. lines.Select(line =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            return document.RootElement.GetProperty("stream").GetString()!;
        })];
}
