using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Controllers;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using static CleanEventStore.Api.OpenApi.EventStoreSchemas;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// What the document says about each action of the store's controllers: summary, the path grammar, parameters, bodies,
/// responses and the problems each can answer. Kept here, beside the document, rather than as attributes on the
/// controllers, whose actions read their input themselves (no parameters to annotate). An action this does not know
/// fails the document's generation, so that a new route cannot go undescribed.
/// </summary>
internal static class EventStoreOperations
{
    public const string StreamsTag = "Streams";
    public const string QueryTag = "Query";
    public const string ConsumersTag = "Consumers";
    public const string HealthTag = "Health";
    public const string AdminTag = "Admin";

    private const string Window =
        "`[window]` is `[/from/{n}][/until/{n}][/forwards/{k}][/backwards/{k}]`, pairs in any order (the last of a repeated " +
        "name wins): `n` is a 1-based revision of the stream (a global position for `_all`, joins and categories), `start`, " +
        "`end`, or negative to count from the end (`-1` is the last; below the first counts as the first); `from` above " +
        "`until` reads in reverse; `k` is a positive count, and `forwards` and `backwards` exclude each other. " +
        "`/from/0` and `/until/0` are 400.";

    private const string LongPoll =
        "**Long-poll.** When the window reaches past the current end, what exists is streamed at once and the response " +
        "stays open for more, until the window is complete or `EventStore:StreamPollTimeoutMs` (10 s) passes: then 200 with " +
        "what was sent, or 408 when nothing was. A closed stream answers at once (409 when nothing of the window exists). " +
        "The server answers open waits with 503 and `Retry-After: 1` when it shuts down; open waits are capped " +
        "(`RateLimit:MaxLongPolls`, per caller `RateLimit:MaxLongPollsPerCaller`: 429).";

    private const string Follow =
        "**Follow** (`?follow=true`, with the usual window start and filter; see the `follow`, `after` and `Last-Event-ID` " +
        "parameters): the matching events from the start, then exactly one line `{\"caughtUp\":{\"position\":P}}`, then every " +
        "new matching event as it is committed, and `{\"heartbeat\":{\"position\":P}}` when nothing was written for " +
        "`EventStore:FollowHeartbeatMs` (1000 ms). P is the committed head when the line is written: every matching event " +
        "at or below P has been sent. Each event line carries its global position as a last metadata member, " +
        "`\"position\":N`. It never ends by itself (only when the client goes away or the server stops); it is flushed " +
        "after every batch of lines. With `Accept: text/event-stream` the same as Server-Sent Events. A follow with a " +
        "reversed window or an upper bound (`until`, `forwards`, `backwards`) is 400; followers are capped like long-polls " +
        "(429 with `Retry-After`).";

    private static readonly (int, string) Unauthorized =
        (401, "No credential, or a credential that is unknown, expired or invalid (only when `Auth:Mode` is not `None`).");

    private static readonly (int, string) TooMany =
        (429, "Over the caller's rate (`RateLimit:PermitsPerSecond`), or too many open long-polls or followers.");

    private static readonly (int, string) Unexpected = (500, "An unexpected error (the server log has the details; `traceId` finds it).");

    private static readonly (int, string) Unavailable =
        (503, "The store refuses writes after an I/O error, the database is unreachable, or the server is stopping.");

    /// <summary>Describes the operation of <paramref name="description"/>.</summary>
    public static async Task DescribeAsync(OperationDescriber operation, ApiDescription description, CancellationToken cancellationToken)
    {
        if (description.ActionDescriptor is not ControllerActionDescriptor action)
        {
            throw new InvalidOperationException($"{description.RelativePath} is not a controller action; the store's document describes only its controllers.");
        }

        var method = description.HttpMethod ?? "GET";
        var controller = action.ControllerTypeInfo.AsType();
        switch (action.ActionName)
        {
            case nameof(StreamsController.List) when controller == typeof(StreamsController):
                await ListStreamsAsync(operation, cancellationToken);
                break;
            case nameof(StreamsController.Get) when controller == typeof(StreamsController):
                await ReadStreamAsync(operation, cancellationToken);
                break;
            case nameof(StreamsController.Put) when controller == typeof(StreamsController):
                await CreateStreamAsync(operation, cancellationToken);
                break;
            case nameof(StreamsController.Post) when controller == typeof(StreamsController):
                await CommitOrCloseAsync(operation, cancellationToken);
                break;
            case nameof(QueryController.Query) when controller == typeof(QueryController):
                Query(operation, method, from: false);
                break;
            case nameof(QueryController.QueryFrom) when controller == typeof(QueryController):
                Query(operation, method, from: true);
                break;
            case nameof(ConsumersController.List) when controller == typeof(ConsumersController):
                await ListConsumersAsync(operation, cancellationToken);
                break;
            case nameof(ConsumersController.Get) when controller == typeof(ConsumersController):
                await GetConsumerAsync(operation, cancellationToken);
                break;
            case nameof(ConsumersController.WaitFor) when controller == typeof(ConsumersController):
                await WaitForConsumerAsync(operation, until: description.RelativePath?.Contains("/until/", StringComparison.Ordinal) == true, cancellationToken);
                break;
            case nameof(ConsumersController.Put) when controller == typeof(ConsumersController):
                await StartConsumerAsync(operation, cancellationToken);
                break;
            case nameof(ConsumersController.Delete) when controller == typeof(ConsumersController):
                DeleteConsumer(operation);
                break;
            case nameof(HealthController.Get) when controller == typeof(HealthController):
                await HealthAsync(operation, cancellationToken);
                break;
            case nameof(HealthController.Stats) when controller == typeof(HealthController):
                await StatsAsync(operation, cancellationToken);
                break;
            case nameof(AdminController.Backup) when controller == typeof(AdminController):
                Backup(operation);
                break;
            default:
                throw new InvalidOperationException(
                    $"{controller.Name}.{action.ActionName} ({method} /{description.RelativePath}) has no description in {nameof(EventStoreOperations)}: describe it there.");
        }
    }

    private static async Task ListStreamsAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id("listStreams", "List the streams", "Every stream with its kind (`write`, `type`, `tag`, `derived` with its matcher), version and whether it is closed. Names that start with `_` are not listed. Needs the scope `query`.")
            .Tag(StreamsTag);
        await operation.JsonResponseAsync(200, "The streams.", typeof(StreamListResponse), cancellationToken);
        operation.Problems(Unauthorized, (403, "The caller lacks the scope `query`."), TooMany, Unexpected, Unavailable);
    }

    private static async Task ReadStreamAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id(
                "readStream",
                "Read a stream, `_all`, a join or a category (or a stream's version)",
                "The read routes share one path, `/streams/{path}`; the server reads `{path}` as the first of:\n\n" +
                "- `join[window]` with `?streams=a,b` or `?selector=`: the events of several streams in global order;\n" +
                "- `category/{category}[window]`: every stream `{category}-…` and `{category}/…` (nested: `orders/eu/1` is in `orders` and `orders/eu`), in global order;\n" +
                "- `{stream}/version`: `{\"stream\",\"version\"}` as JSON (`_all`: the number of events);\n" +
                "- `{stream}[window]`: the events of one stream (`_all`: the whole log, in global order).\n\n" +
                Window + " Stream names may contain `/` (`orders/eu/1`), written plainly or as `%2F`; a path with an empty " +
                "segment, an encoded `%` or a dot segment is 400 (a name has exactly one spelling).\n\n" +
                "Events are NDJSON, one stored document per line, exactly as committed; the global position of an event is " +
                "`commitId + commitVersion + 1`. Needs `read:<stream>` (joins: every stream; categories: every member), or " +
                "`query` for `_all`, type, tag and derived streams.\n\n" + LongPoll + "\n\n" + Follow)
            .Tag(StreamsTag)
            .Path(
                "path",
                "The stream (which may contain `/`) and its window, `join[window]`, `category/{category}[window]`, or `{stream}/version`.",
                ("stream", "orders-1", "Every event of a stream"),
                ("window", "orders-1/from/2/forwards/10", "Up to 10 events from revision 2"),
                ("newest", "orders-1/backwards/1", "The last event, newest first"),
                ("hierarchical", "orders/eu/1", "A stream whose name contains /"),
                ("all", "_all/from/2/forwards/2", "Global positions 2 and 3 of the log"),
                ("join", "join/from/3", "A join from global position 3 (with ?streams=orders-1,orders-2)"),
                ("category", "category/orders/backwards/1", "The newest event of the category orders"),
                ("version", "orders-1/version", "The version of a stream"))
            .Query("filter", "A matcher (URL-encoded JSON) that the events must match; see the schema `Matcher`.", null, ("amount", """{"payload":{"amount":{"$gte":100}}}""", "Orders of at least 100"))
            .Query("streams", "Joins: the streams, comma-separated (`selector` wins when both are given).", null, ("two", "orders-1,orders-2", "Two streams"))
            .Query("selector", "Joins: a selector (URL-encoded JSON); see the schema `Selector`.", null, ("and", """[["tags/eu","OrderPlaced"]]""", "Placed orders tagged eu"));
        AddFollowParameters(operation, "Not with `/version`.");

        // One route, two representations: the events as NDJSON, and for {stream}/version the version as JSON.
        operation.EventsResponse(
            "The events as NDJSON (`application/x-ndjson; charset=utf-8`); with `follow=true` an endless stream (NDJSON, or SSE with `Accept: text/event-stream`). For `{stream}/version`: `{\"stream\",\"version\"}` as `application/json`.",
            follow: true,
            ResponseHeaders.Stream,
            ResponseHeaders.Version,
            ResponseHeaders.Selector,
            ResponseHeaders.Category);
        await operation.AddJsonToResponseAsync(200, typeof(StreamVersionResponse), cancellationToken);
        operation.Problems(
            (400, "A malformed path, window, filter, selector or follow parameter (the problem names it), e.g. `from must not be 0.`, `Specify either forwards or backwards, not both.`, or a follow with an upper bound."),
            Unauthorized,
            (403, "The caller may not read a stream of the read (the problem names the missing `scope`)."),
            (404, "The stream (`Stream \"orders-1\" does not exist.`) or category does not exist, or the path is not a read route."),
            (408, "A long-poll ended after `StreamPollTimeoutMs` with nothing sent."),
            (409, "The stream is closed below the window's start: it will never reach it."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static async Task CreateStreamAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id(
                "createDerivedStream",
                "Create a derived (matcher) stream",
                "`PUT /streams/{stream}` with a matcher creates a persistent, read-only stream over the existing events (a one-time scan of the log) and every future one. Needs the scope `admin`.")
            .Tag(StreamsTag)
            .Path("path", "The new stream's name (may contain `/`).", ("name", "big-orders", "A derived stream"))
            .Body(CreateStreamRequest, "The matcher, as the body or as `{\"matcher\":…}`.");
        await operation.JsonResponseAsync(201, "Created: `{\"stream\",\"version\"}`, the version being the number of existing events it matched.", typeof(StreamVersionResponse), cancellationToken);
        operation.Problems(
            (400, "No matcher, a matcher that is not an object or has an unknown operator, or an invalid or reserved name."),
            Unauthorized,
            (403, "The caller lacks the scope `admin`."),
            (409, "A stream of that name exists."),
            (413, "The body is larger than `EventStore:MaxRequestBodyBytes`."),
            (415, "The body is not `application/json`."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static async Task CommitOrCloseAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id(
                "commitOrClose",
                "Commit events to a stream, or close it",
                "`POST /streams/{stream}/commit` appends the events of the body as one atomic commit, with optimistic " +
                "concurrency (`expectedVersion`) or a DCB condition (`condition`, from `/query`); it answers once the commit " +
                "is durable (`EventStore:Durability`). Needs `write:<stream>` (a condition also needs `query`).\n\n" +
                "**Retries.** With an `Idempotency-Key`, a retry of the same request (same stream, same body) returns the " +
                "first result with `Idempotent-Replayed: true` and writes nothing; the same key with a different request is " +
                "422. The store remembers the last `EventStore:IdempotencyKeyCapacity` keys.\n\n" +
                "`POST /streams/{stream}/close` (no body) seals a write stream: readable forever, commits refused with 409. " +
                "Needs `admin`. Any other `POST /streams/…` is 405.")
            .Tag(StreamsTag)
            .Path(
                "path",
                "`{stream}/commit` or `{stream}/close`; the stream may contain `/`.",
                ("commit", "orders-1/commit", "Commit to orders-1"),
                ("hierarchical", "orders/eu/1/commit", "Commit to orders/eu/1"),
                ("close", "orders-1/close", "Close orders-1"))
            .Header(
                "Idempotency-Key",
                "Commits: 1 to 128 visible ASCII characters that make a retry safe (the first result is returned, nothing is written twice).",
                null,
                ("key", "place-order-2", "A client-chosen key"))
            .Body(CommitRequest, "Commits: the events and their expected version or condition (`Content-Type: application/json`). Close: no body.", required: false)
            .JsonResponse(201, "Committed: the commit's result (`Idempotent-Replayed: true` on a replayed retry).", CommitResult, ResponseHeaders.IdempotentReplayed);
        await operation.JsonResponseAsync(200, "Closed: `{\"stream\",\"closed\":true}`.", typeof(StreamClosedResponse), cancellationToken);
        operation.Problems(
            (400, "A malformed body (no events, a bad `expectedVersion` or `condition`, reserved metadata keys, an event type or tag that would name a stream it may not), an invalid name, or a condition whose `noneMatchAfter` lies past the head."),
            Unauthorized,
            (403, "The caller may not write to the stream (`write:<stream>`), or lacks `query` for a condition, or `admin` to close."),
            (404, "Close: the stream does not exist."),
            (405, "POST on a path that ends neither in `/commit` nor in `/close`."),
            (409, "The expected version does not match (`Optimistic Concurrency error. Expected stream \"orders-1\" at version 0 but is at version 1.`), an event selected by the condition was committed since it was obtained, the stream is closed, or it is read-only (a type or derived stream)."),
            (413, "The body is larger than `EventStore:MaxRequestBodyBytes`, or the commit larger than a log segment can hold."),
            (415, "The body is not `application/json`."),
            (422, "The `Idempotency-Key` was already used for a different request."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static void Query(OperationDescriber operation, string method, bool from)
    {
        var post = method == "POST";
        var id = (post ? "queryPost" : "query") + (from ? "From" : string.Empty);
        operation.Id(
                id,
                from ? "DCB query from a global position" : "DCB query: the events a decision depends on, and its condition",
                "Reads the events a decision depends on, in global order, and returns in `x-event-store-query-condition` the " +
                "condition that protects it: send it back as the `condition` of the commit that acts on the decision. The " +
                "selector comes from, first match wins: a DCB query in the body (`{\"items\":…}` or `{\"query\":{\"items\":…}}`), " +
                "`?query=`, `?selector=`, `?types=A,B`. A filter (`?filter=`, the body's `matcher`, or a body that is not a " +
                "DCB query) narrows both the events and the condition. `POST` takes the same body as `GET` (a body on GET does " +
                "not survive every proxy). Needs the scope `query`.\n\n" + Follow)
            .Tag(QueryTag);
        if (from)
        {
            operation.Path(
                "revision",
                "The global position to start at (1-based), `start`, `end`, or negative to count from the end. `0` is 400.",
                ("position", "3", "From global position 3"),
                ("last", "-1", "The last event only"));
        }

        operation
            .Query("query", "A DCB query (URL-encoded JSON); see the schema `DcbQuery`.", null, ("subscriptions", """{"items":[{"types":["StudentSubscribed"],"tags":["course:c1"]}]}""", "Subscriptions to course c1"))
            .Query("selector", "A selector (URL-encoded JSON); see the schema `Selector`.", null, ("type", "\"OrderPlaced\"", "One type stream"))
            .Query("types", "Event types, comma-separated (repeatable): an OR of their type streams.", null, ("two", "OrderPlaced,OrderShipped", "Two types"))
            .Query("filter", "A matcher (URL-encoded JSON); see the schema `Matcher`.", null, ("amount", """{"payload":{"amount":{"$gte":100}}}""", "Orders of at least 100"));
        AddFollowParameters(operation, null);
        operation.Body(QueryRequest, "Optional: a DCB query, or a matcher (`Content-Type: application/json`).", required: false);
        operation.EventsResponse(
            "The matching events as NDJSON, with the condition in `x-event-store-query-condition`; with `follow=true` an endless stream (NDJSON, or SSE with `Accept: text/event-stream`).",
            follow: true,
            ResponseHeaders.QueryCondition);
        operation.Problems(
            (400, "No selector, a malformed query, selector, types, filter or body, a repeated parameter, a bad `from`, or a bad follow parameter (the problem names it)."),
            Unauthorized,
            (403, "The caller lacks the scope `query`."),
            (413, "The body is larger than `EventStore:MaxRequestBodyBytes`."),
            (415, "A body that is not `application/json`."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static void AddFollowParameters(OperationDescriber operation, string? note)
    {
        var suffix = note is null ? string.Empty : " " + note;
        operation
            .Query(
                "follow",
                "`true`: after the existing events, `{\"caughtUp\":{\"position\":P}}`, then every new matching event as it is committed and `{\"heartbeat\":{\"position\":P}}` when idle, without end. Only with a window start (`from`), never with an upper bound or a reversed window (400). Send `Accept: text/event-stream` for Server-Sent Events instead of NDJSON (without `follow=true` the header changes nothing)." + suffix,
                new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = System.Text.Json.Nodes.JsonValue.Create(false) },
                ("follow", "true", "Follow"))
            .Query(
                "after",
                "Follow: resume after global position N: only matching events with a position above N are sent, each exactly once. Not together with `Last-Event-ID` (400); below 0 is 400.",
                Integer(null, minimum: 0),
                ("resume", "7", "Resume after position 7"))
            .Header(
                "Last-Event-ID",
                "Follow: the same as `?after=N` (what a browser's EventSource sends when it reconnects). Not together with `after` (400).",
                Integer(null, minimum: 0),
                ("resume", "7", "Resume after position 7"));
    }

    private static async Task ListConsumersAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id("listConsumers", "List the consumers", "Every consumer, with its stream and status. Needs `consumers` and `query`.").Tag(ConsumersTag);
        await operation.JsonResponseAsync(200, "The consumers.", typeof(ConsumerListResponse), cancellationToken);
        operation.Problems(Unauthorized, (403, "The caller lacks `consumers` or `query`."), TooMany, Unexpected, Unavailable);
    }

    private static async Task GetConsumerAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id("getConsumer", "Get a consumer", "Position, state and status (`running`, `faulted` with `error` and `failedRevision`, `stopped`). Needs `consumers` and `read:<its stream>`.")
            .Tag(ConsumersTag)
            .Path("identifier", "Letters, digits, `_` and `-`.", ("id", "order-counter", "A consumer"));
        await operation.JsonResponseAsync(200, "The consumer.", typeof(ConsumerResponse), cancellationToken);
        operation.Problems(
            (400, "An invalid identifier."),
            Unauthorized,
            (403, "The caller may not read the consumer's stream, or lacks `consumers`."),
            (404, "No such consumer."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static async Task WaitForConsumerAsync(OperationDescriber operation, bool until, CancellationToken cancellationToken)
    {
        operation.Id(
                until ? "waitForConsumerUntil" : "waitForConsumer",
                until ? "Wait for a consumer (the `until` spelling of `after`)" : "Wait until a consumer has processed n events",
                "Answers once the consumer's position is at least `minVersion` (at once if it already is), with its position and state; " +
                "408 after `EventStore:ConsumerPollTimeoutMs`. `/until/{n}` is the same route under the original README's name. Needs `consumers` and `read:<its stream>`.")
            .Tag(ConsumersTag)
            .Path("identifier", "Letters, digits, `_` and `-`.", ("id", "order-counter", "A consumer"))
            .Path("minVersion", "A positive integer: the position to wait for.", ("two", "2", "Two events processed"));
        await operation.JsonResponseAsync(200, "The consumer, at or past `minVersion`.", typeof(ConsumerResponse), cancellationToken);
        operation.Problems(
            (400, "An invalid identifier, or `minVersion` is not a positive integer."),
            Unauthorized,
            (403, "The caller may not read the consumer's stream, or lacks `consumers`."),
            (404, "No such consumer."),
            (408, "The consumer did not reach `minVersion` within `ConsumerPollTimeoutMs`."),
            (409, "The consumer is faulted, or its stream is closed below `minVersion`."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static async Task StartConsumerAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id(
                "startConsumer",
                "Create, or replace, a consumer of a stream",
                "`PUT /consumers/{identifier}/stream/{stream}[/from/{n}]`: the consumer folds the events of `{stream}` (which may contain `/`; `_all` too) " +
                "from revision `n` (default: the first) into a state with the handler of the body. The same definition again changes " +
                "nothing (200); a different handler, state or `from` replaces it and restarts (200). Needs `consumers` and `read:<stream>`.")
            .Tag(ConsumersTag)
            .Path("identifier", "Letters, digits, `_` and `-`.", ("id", "order-counter", "A consumer"))
            .Path(
                "path",
                "The stream, optionally followed by `/from/{n}` (a positive revision).",
                ("stream", "orders-2", "Consume orders-2 from the start"),
                ("from", "orders-2/from/3", "Consume orders-2 from revision 3"))
            .Body(StartConsumerRequest, "The handler and initial state (`Content-Type: application/json`).");
        await operation.JsonResponseAsync(201, "Created: the consumer.", typeof(ConsumerResponse), cancellationToken);
        await operation.JsonResponseAsync(200, "The same definition existed, or it was replaced: the consumer.", typeof(ConsumerResponse), cancellationToken);
        operation.Problems(
            (400, "An invalid identifier, stream or `from`; no handler, a handler that is not a valid JavaScript function, or a state that is not an object."),
            Unauthorized,
            (403, "The caller may not read the stream, or lacks `consumers`."),
            (404, "The stream does not exist."),
            (413, "The body is larger than `EventStore:MaxRequestBodyBytes`."),
            (415, "The body is not `application/json`."),
            TooMany,
            Unexpected,
            Unavailable);
    }

    private static void DeleteConsumer(OperationDescriber operation)
    {
        operation.Id("deleteConsumer", "Stop and remove a consumer", "Needs `consumers` and `read:<its stream>`.")
            .Tag(ConsumersTag)
            .Path("identifier", "Letters, digits, `_` and `-`.", ("id", "order-counter", "A consumer"))
            .NoContent(204, "Removed.")
            .Problems(
                (400, "An invalid identifier."),
                Unauthorized,
                (403, "The caller may not read the consumer's stream, or lacks `consumers`."),
                (404, "No such consumer."),
                TooMany,
                Unexpected,
                Unavailable);
    }

    private static async Task HealthAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id("getHealth", "Health", "200 when the store is open and writable, 503 (`\"status\":\"degraded\"`) when it refuses writes. Anonymous and never rate-limited, for load balancers.")
            .Tag(HealthTag)
            .Anonymous();
        await operation.JsonResponseAsync(200, "Healthy.", typeof(HealthResponse), cancellationToken);
        await operation.JsonResponseAsync(503, "Degraded: the store refuses writes, or the database is unreachable.", typeof(HealthResponse), cancellationToken);
        operation.Problems(Unexpected);
    }

    private static async Task StatsAsync(OperationDescriber operation, CancellationToken cancellationToken)
    {
        operation.Id("getStorageStatistics", "Storage statistics", "Log segments (`partitions`), stream indexes (`indexes`) and bytes written. Needs `admin`.").Tag(HealthTag);
        await operation.JsonResponseAsync(200, "The statistics.", typeof(StorageStatsResponse), cancellationToken);
        await operation.JsonResponseAsync(503, "The store is not open.", typeof(StorageStatsResponse), cancellationToken);
        operation.Problems(Unauthorized, (403, "The caller lacks `admin`."), TooMany, Unexpected);
    }

    private static void Backup(OperationDescriber operation)
    {
        operation.Id(
                "backup",
                "Back up the store (embedded engine)",
                "An online backup while writes continue: one POSIX (PAX) tar archive of the store as of one global position P, " +
                "sent as it is read (`X-Backup-Position: P`, a file name with P in `Content-Disposition`). It holds the log " +
                "segments up to P's commit (whole commits only), the index checkpoint, the consumer files and, last, " +
                "`MANIFEST.json` (format, version, P, creation time, every file with its length and SHA-256). Restore it into an " +
                "empty directory with the CLI's `restore` (or `StoreRestore.RestoreAsync`); a server opened on it has every event " +
                "1..P. A failure after the first bytes cuts the connection (the archive is then truncated; restore refuses it). " +
                "Needs `admin`. On PostgreSQL: 501, back the database up with `pg_dump` or a base backup with WAL archiving.")
            .Tag(AdminTag)
            .BinaryResponse(200, "The archive.", "application/x-tar", ResponseHeaders.BackupPosition, ResponseHeaders.ContentDisposition, ResponseHeaders.CacheControl)
            .Problems(Unauthorized, (403, "The caller lacks `admin`."), TooMany, Unexpected, (501, "The storage engine (PostgreSQL) has no online backup endpoint: use `pg_dump` (the problem says so)."));
    }
}
