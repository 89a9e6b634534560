using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CleanEventStore.Client;

public sealed partial class EventStoreClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// Commits <paramref name="events"/> to <paramref name="stream"/> atomically, if the stream is at
    /// <paramref name="expectedVersion"/> (<see cref="ExpectedVersion.Any"/> by default). The commit carries an
    /// <c>Idempotency-Key</c> (<see cref="CommitOptions.IdempotencyKey"/>, or a new one), so the retries after a lost
    /// answer are written once.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="EventStoreConflictException">The stream is closed or read-only (a type or matcher stream).</exception>
    /// <exception cref="EventStoreBadRequestException">The server refused the commit (an invalid name, event or metadata, too large, a key reused).</exception>
    public Task<CommitResult> CommitAsync(
        string stream,
        IReadOnlyList<EventData> events,
        ExpectedVersion expectedVersion = default,
        CommitOptions? options = null,
        CancellationToken cancellationToken = default) =>
        CommitCoreAsync(stream, events, expectedVersion, null, options, cancellationToken);

    /// <summary>
    /// Commits <paramref name="events"/> to <paramref name="stream"/> atomically, if no event that
    /// <paramref name="condition"/> selects was committed after it was obtained (the DCB check, from
    /// <see cref="QueryAsync(DcbQuery, long?, string?, CancellationToken)"/>). The commit carries an <c>Idempotency-Key</c>.
    /// </summary>
    /// <exception cref="ConditionFailedException">A conflicting event was committed since the condition was obtained; nothing was written.</exception>
    /// <exception cref="EventStoreBadRequestException">The server refused the commit or the condition.</exception>
    public Task<CommitResult> CommitAsync(
        string stream,
        IReadOnlyList<EventData> events,
        CommitCondition condition,
        CommitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return CommitCoreAsync(stream, events, default, condition, options, cancellationToken);
    }

    /// <summary>Closes (seals) <paramref name="stream"/>: it stays readable and refuses commits. Not retried (a second close is a conflict).</summary>
    /// <exception cref="EventStoreNotFoundException">The stream does not exist.</exception>
    /// <exception cref="EventStoreConflictException">The stream is already closed, or cannot be (a derived stream).</exception>
    public async Task CloseStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "streams/" + Paths.Name(stream, nameof(stream)) + "/close", idempotent: false, Json);
        using var response = await SendAsync(request, cancellationToken);
    }

    private async Task<CommitResult> CommitCoreAsync(
        string stream,
        IReadOnlyList<EventData> events,
        ExpectedVersion expectedVersion,
        CommitCondition? condition,
        CommitOptions? options,
        CancellationToken cancellationToken)
    {
        var target = "streams/" + Paths.Name(stream, nameof(stream)) + "/commit";
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("A commit needs at least one event.", nameof(events));
        }

        var metadata = options?.Metadata is { } json ? JsonText.EnsureObject(json, nameof(options)) : null;
        var key = options?.IdempotencyKey ?? Guid.NewGuid().ToString("N");
        var body = CommitBody(events, expectedVersion, condition, metadata);

        using var request = Request(HttpMethod.Post, target, idempotent: true, Json);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        request.Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = JsonContentType } };
        using var response = await SendAsync(request, cancellationToken);
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
        var result = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return ParseCommitResult(result, key, replayed);
    }

    /// <summary><c>{"events":[…],"expectedVersion":…|"condition":…,"metadata":…}</c>.</summary>
    private static ReadOnlyMemory<byte> CommitBody(IReadOnlyList<EventData> events, ExpectedVersion expectedVersion, CommitCondition? condition, byte[]? metadata)
    {
        var size = 64 + (metadata?.Length ?? 0) + (condition?.Json.Length ?? 0);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            size += e.Payload.Length + 1;
        }

        var buffer = new ArrayBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events"u8);
            foreach (var e in events)
            {
                writer.WriteRawValue(e.Payload.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (condition is not null)
            {
                writer.WritePropertyName("condition"u8);
                writer.WriteRawValue(condition.Json, skipInputValidation: true);
            }
            else if (expectedVersion.Version is { } version)
            {
                if (version == 0)
                {
                    writer.WriteString("expectedVersion"u8, "empty"u8);
                }
                else
                {
                    writer.WriteNumber("expectedVersion"u8, version);
                }
            }

            if (metadata is not null)
            {
                writer.WritePropertyName("metadata"u8);
                writer.WriteRawValue(metadata, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>The result <c>{"commitId":…,"committedAt":…,&lt;metadata&gt;,"streamName":…,"streamVersion":…,"events":[…]}</c>.</summary>
    private static CommitResult ParseCommitResult(byte[] json, string key, bool replayed)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            reader.Read();
            long? commitId = null, committedAt = null, streamVersion = null;
            string? stream = null;
            var count = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("commitId"u8))
                {
                    reader.Read();
                    commitId = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("committedAt"u8))
                {
                    reader.Read();
                    committedAt = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("streamName"u8))
                {
                    reader.Read();
                    stream = reader.GetString();
                }
                else if (reader.ValueTextEquals("streamVersion"u8))
                {
                    reader.Read();
                    streamVersion = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("events"u8))
                {
                    reader.Read();
                    count = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                        count++;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (commitId is null || committedAt is null || stream is null || streamVersion is null || count < 0)
            {
                throw new InvalidDataException("The commit result lacks commitId, committedAt, streamName, streamVersion or events: " + Encoding.UTF8.GetString(json));
            }

            return new CommitResult(stream, commitId.Value, committedAt.Value, streamVersion.Value, count, key, replayed);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("The commit result is not the JSON the protocol describes: " + exception.Message, exception);
        }
    }
}
