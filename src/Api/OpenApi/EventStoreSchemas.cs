using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// The schemas of what the API reads and writes as raw JSON (the stored NDJSON lines, the commit body and result, the
/// DCB query, matchers, selectors, consumers' bodies, problem details), which no .NET type describes: the request
/// readers take them apart with <c>Utf8JsonReader</c>. Registered once per document under <c>components/schemas</c>;
/// <see cref="Reference"/> adds a schema on first use.
/// </summary>
internal static class EventStoreSchemas
{
    public const string Problem = "Problem";
    public const string Event = "Event";
    public const string FollowEvent = "FollowEvent";
    public const string CaughtUp = "CaughtUp";
    public const string Heartbeat = "Heartbeat";
    public const string CommitRequest = "CommitRequest";
    public const string CommitResult = "CommitResult";
    public const string CommitCondition = "CommitCondition";
    public const string Selector = "Selector";
    public const string Matcher = "Matcher";
    public const string CreateStreamRequest = "CreateStreamRequest";
    public const string QueryRequest = "QueryRequest";
    public const string DcbQuery = "DcbQuery";
    public const string StartConsumerRequest = "StartConsumerRequest";

    private static readonly Dictionary<string, Func<OpenApiDocument, IOpenApiSchema>> Factories = new(StringComparer.Ordinal)
    {
        [Problem] = _ => Object(
            "RFC 9457 problem details. Besides the standard members: `error` (the original protocol's message, the same as " +
            "`detail`), a stable machine-readable `code`, `traceId` (the W3C trace id of the request, to find it in the " +
            "server's log) and members that name what the problem is about (`stream`, `expectedVersion`, `actualVersion`, " +
            "`parameter`, `scope`, `kind`, `consumer`, …). Validation problems also carry `errors` (member → messages).",
            additional: true,
            ("type", String("A URI of the RFC 9110 section of the status.", "uri")),
            ("title", String("The status's reason phrase.")),
            ("status", Integer("The HTTP status code.")),
            ("detail", String("What went wrong, in words.")),
            ("instance", String("The request's path (with the store's prefix when it is mounted under one).")),
            ("error", String("The original protocol's error message (the same as `detail`).")),
            ("code", String("A stable code: `stream-not-found`, `wrong-expected-version`, `condition-failed`, `stream-closed`, `stream-read-only`, `idempotency-key-reused`, `bad-request`, `unauthorized`, `forbidden`, `too-many-requests`, `unknown-route`, `method-not-allowed`, …")),
            ("traceId", String("The W3C trace id of the request."))),

        [Event] = document => Object(
            "One stored event: one line of an NDJSON read, byte for byte the document that was committed. `payload` is the " +
            "event as the client sent it; `metadata` holds the commit's members and the client's commit metadata.",
            additional: false,
            ("stream", String("The write stream the event was committed to.")),
            ("payload", new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The event as committed.", AdditionalPropertiesAllowed = true }),
            ("metadata", Object(
                "The commit's members, then the client's commit metadata (any other members).",
                additional: true,
                ("commitId", Integer("The length of the log before the commit.")),
                ("committedAt", Integer("When the commit was written, in milliseconds since the Unix epoch.")),
                ("commitVersion", Integer("The index of the event in its commit (0-based).")),
                ("commitSize", Integer("The number of events of the commit.")),
                ("streamVersion", Integer("The index of the event in its stream (0-based).")))))
            .WithExample(Parse("""{"stream":"orders-1","payload":{"type":"OrderPlaced","orderId":"1","amount":250},"metadata":{"commitId":0,"committedAt":1795773961989,"commitVersion":0,"commitSize":1,"requestId":"req-1","streamVersion":0}}""")),

        [FollowEvent] = document => Object(
            "One event of a follow (`?follow=true`): the stored document with one more metadata member, `position`, " +
            "appended last (`…,\"streamVersion\":1,\"position\":7}}`). The global position of the event (1-based) is what " +
            "`after` and `Last-Event-ID` resume after.",
            additional: false,
            ("stream", String("The write stream the event was committed to.")),
            ("payload", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true }),
            ("metadata", Object(
                "As in a plain read, plus `position` last.",
                additional: true,
                ("commitId", Integer(null)),
                ("committedAt", Integer(null)),
                ("commitVersion", Integer(null)),
                ("commitSize", Integer(null)),
                ("streamVersion", Integer(null)),
                ("position", Integer("The event's global position (1-based)."))))),

        [CaughtUp] = _ => Object(
            "Sent exactly once in a follow, after the events that existed when it started: every matching event at or below " +
            "`position` has been sent. `position` is the committed head when the line is written (never ahead of it).",
            additional: false,
            ("caughtUp", Object(null, additional: false, ("position", Integer("The committed head: the number of events in the log."))))),

        [Heartbeat] = _ => Object(
            "Sent in a follow when nothing was written for `EventStore:FollowHeartbeatMs` (default 1000 ms): nothing that " +
            "matches exists at or below `position` that was not sent, so a filtered follower may checkpoint it.",
            additional: false,
            ("heartbeat", Object(null, additional: false, ("position", Integer("The committed head."))))),

        [Selector] = _ => new OpenApiSchema
        {
            Description =
                "A stream name, or nested arrays of stream names: depth 0 is OR, depth 1 AND, depth 2 OR, … " +
                "(`[[\"tags/featured\",\"tags/eu\",[\"OrderPlaced\",\"OrderShipped\"]]]` is featured AND eu AND (placed OR " +
                "shipped)). `_all` in an OR makes it everything; in an AND it is ignored. Missing streams are empty.",
            AnyOf = [String(null), new OpenApiSchema { Type = JsonSchemaType.Array }],
            Examples = [JsonValue.Create("orders-1"), Parse("""[["tags/course:c1","StudentSubscribed"]]""")],
        },

        [Matcher] = _ => new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalPropertiesAllowed = true,
            Description =
                "A filter evaluated on the raw stored bytes against the whole document `{stream, payload, metadata}`: nested " +
                "equality; an array means any of its values; operators `$gt $gte $lt $lte $eq $ne` (several on one field are " +
                "ANDed), `$has`, `$hasAny`. A missing value never matches; `{}` matches everything; an unknown operator is a " +
                "400 naming it.",
            Examples = [Parse("""{"payload":{"amount":{"$gte":100}}}""")],
        },

        [CommitCondition] = document => Object(
            "A DCB condition: the value of `x-event-store-query-condition` of a `/query`, sent back unchanged. The commit is " +
            "refused with 409 when an event that `selector` (and `matcher`) select was committed after `noneMatchAfter`, and " +
            "with 400 when `noneMatchAfter` lies past the head of the log.",
            additional: false,
            ("selector", Reference(document, Selector)),
            ("noneMatchAfter", Integer("The length of the log when the condition was obtained.", minimum: 0)),
            ("matcher", Reference(document, Matcher)))
            .WithRequired("selector", "noneMatchAfter"),

        [CommitRequest] = document => Object(
            "The events of one commit (atomic: consecutive global positions, one `commitId`), with either an expected version " +
            "of the stream or a DCB condition.",
            additional: false,
            ("events", new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MinItems = 1,
                Description = "The events, stored verbatim as `payload`. The value at `EventStore:TypeAccessor` (default `type`) files an event in the type stream of that name; the strings at `EventStore:TagsAccessor` (default `tags`) in `tags/<tag>`.",
                Items = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true },
            }),
            ("expectedVersion", new OpenApiSchema
            {
                Description = "`\"any\"` (the default; `-1` means the same), `\"empty\"` (the stream must not exist yet; `0` means the same) or the exact number of events the stream must have. A mismatch is 409.",
                AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("any"), JsonValue.Create("empty")] }],
            }),
            ("condition", Reference(document, CommitCondition)),
            ("metadata", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalPropertiesAllowed = true,
                Description = "Members copied into every event's metadata and into the result. The store's own members (`commitId`, `committedAt`, `commitVersion`, `commitSize`, `streamVersion`, `position`) are refused (400).",
            }))
            .WithRequired("events")
            .WithExample(Parse("""{"events":[{"type":"OrderPlaced","orderId":"1","amount":250}],"expectedVersion":"empty","metadata":{"requestId":"req-1"}}""")),

        [CommitResult] = _ => Object(
            "The commit's result; its `streamVersion` is the stream's version before the commit. The client's commit metadata " +
            "members appear between `committedAt` and `streamName`.",
            additional: true,
            ("commitId", Integer("The length of the log before the commit: the last event's global position is `commitId` + the number of events.")),
            ("committedAt", Integer("Milliseconds since the Unix epoch.")),
            ("streamName", String(null)),
            ("streamVersion", Integer("The version of the stream before the commit.")),
            ("events", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true } }))
            .WithExample(Parse("""{"commitId":0,"committedAt":1795773961989,"requestId":"req-1","streamName":"orders-1","streamVersion":0,"events":[{"type":"OrderPlaced","orderId":"1","amount":250}]}""")),

        [CreateStreamRequest] = document => new OpenApiSchema
        {
            Description = "The matcher of the new derived stream, as the body itself or as `{\"matcher\": …}`.",
            AnyOf = [Reference(document, Matcher), Object(null, additional: false, ("matcher", Reference(document, Matcher))).WithRequired("matcher")],
            Examples = [Parse("""{"payload":{"amount":{"$gte":100}}}""")],
        },

        [DcbQuery] = _ => Object(
            "A DCB query: the items are ORed; within an item the tags are ANDed with any of the types. An item with neither is everything.",
            additional: false,
            ("items", new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MinItems = 1,
                Items = Object(
                    null,
                    additional: false,
                    ("types", new OpenApiSchema { Type = JsonSchemaType.Array, Items = String("An event type (a type stream).") }),
                    ("tags", new OpenApiSchema { Type = JsonSchemaType.Array, Items = String("A tag (the stream `tags/<tag>`).") })),
            }))
            .WithRequired("items")
            .WithExample(Parse("""{"items":[{"types":["StudentSubscribed"],"tags":["course:c1"]}]}""")),

        [QueryRequest] = document => new OpenApiSchema
        {
            Description =
                "Optional (the selector may come from the query string instead). A DCB query (`{\"items\":…}` or " +
                "`{\"query\":{\"items\":…}}`, with an optional `matcher`), or a matcher that narrows the events and the " +
                "condition (`{\"matcher\":…}`, or any other object, taken as the matcher itself).",
            AnyOf =
            [
                Reference(document, DcbQuery),
                Object(null, additional: false, ("query", Reference(document, DcbQuery)), ("matcher", Reference(document, Matcher))).WithRequired("query"),
                Object(null, additional: false, ("matcher", Reference(document, Matcher))).WithRequired("matcher"),
                Reference(document, Matcher),
            ],
            Examples = [Parse("""{"items":[{"types":["StudentSubscribed"],"tags":["course:c1"]}]}""")],
        },

        [StartConsumerRequest] = _ => Object(
            "A consumer folds the events of its stream into a state with a JavaScript function, run in a sandbox (no .NET " +
            "access; limits on statements, time per event, memory and recursion). Position and state are persisted together " +
            "after every batch.",
            additional: false,
            ("handler", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 65536, Description = "JavaScript source of `(event, state) => newState`; `event` is the whole stored document. A non-`undefined` return value becomes the state." }),
            ("state", new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true, Description = "The initial state (default `{}`), at most 64 levels deep." }))
            .WithRequired("handler")
            .WithExample(Parse("""{"handler":"(event, state) => ({ count: state.count + 1, last: event.payload.type })","state":{"count":0}}""")),
    };

    /// <summary>A reference to the component <paramref name="name"/>, which is added to the document on first use.</summary>
    public static IOpenApiSchema Reference(OpenApiDocument document, string name)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(name))
        {
            // Reserve the name first: a schema may refer to itself or to one that refers back.
            document.Components.Schemas[name] = new OpenApiSchema();
            document.Components.Schemas[name] = Factories[name](document);
        }

        return new OpenApiSchemaReference(name, document);
    }

    public static OpenApiSchema String(string? description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, Format = format };

    public static OpenApiSchema Integer(string? description, long? minimum = null) =>
        new()
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
            Description = description,
            Minimum = minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    private static OpenApiSchema Object(string? description, bool additional, params (string Name, IOpenApiSchema Schema)[] properties)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = additional,
        };
        foreach (var (name, property) in properties)
        {
            schema.Properties[name] = property;
        }

        return schema;
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new ArgumentException("null is not an example.", nameof(json));

    private static OpenApiSchema WithRequired(this OpenApiSchema schema, params string[] names)
    {
        schema.Required = new HashSet<string>(names, StringComparer.Ordinal);
        return schema;
    }

    private static OpenApiSchema WithExample(this OpenApiSchema schema, JsonNode example)
    {
        schema.Examples = [example];
        return schema;
    }
}
