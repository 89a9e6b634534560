using System.ComponentModel;
using System.Globalization;
using System.Text;
using CleanEventStore.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary><c>ces tail</c>: follows a stream, <c>_all</c> or a category (<see cref="EventStoreClient.FollowAsync"/>) and prints each event; Ctrl+C ends it with 0.</summary>
public sealed class TailCommand : AsyncCommand<TailCommand.Settings>
{
    public sealed class Settings : ServerSettings
    {
        [CommandOption("--stream <STREAM>")]
        [Description("The stream to follow. Default: _all.")]
        public string? Stream { get; set; }

        [CommandOption("--category <CATEGORY>")]
        [Description("Follow the streams {category}-… and {category}/….")]
        public string? Category { get; set; }

        [CommandOption("--from <POSITION>")]
        [Description("Start at this position (a stream: its revision, 1-based; _all and a category: the global position). Default: only new events.")]
        public long? From { get; set; }

        [CommandOption("--json")]
        [Description("Print each event's stored document (NDJSON) instead of one compact line.")]
        public bool Json { get; set; }

        [CommandOption("--count <N>")]
        [Description("Stop after N events.")]
        public long? Count { get; set; }

        public override ValidationResult Validate()
        {
            if (Stream is not null && Category is not null)
            {
                return ValidationResult.Error("Choose one of --stream and --category.");
            }

            if (From is < 1)
            {
                return ValidationResult.Error("--from must be at least 1.");
            }

            return Count is < 1 ? ValidationResult.Error("--count must be at least 1.") : base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        using var provider = settings.CreateClient(environment, out var client);
        var target = settings.Category is not null ? FollowTarget.Category(settings.Category, settings.From)
            : settings.Stream is not null ? FollowTarget.Stream(settings.Stream, settings.From)
            : FollowTarget.All(settings.From);
        var name = settings.Category is not null ? "category " + settings.Category : settings.Stream ?? EventStoreClient.AllStream;
        await using var output = environment.OpenStandardOutput();
        long printed = 0;
        try
        {
            if (settings.From is null)
            {
                // Only what is committed from now on: start after the current head.
                var head = await client.GetStreamVersionAsync(settings.Stream ?? EventStoreClient.AllStream, cancellationToken);
                target = settings.Category is not null ? FollowTarget.Category(settings.Category, head + 1)
                    : settings.Stream is not null ? FollowTarget.Stream(settings.Stream, head + 1)
                    : FollowTarget.All(head + 1);
            }

            environment.Error.MarkupLineInterpolated($"[grey]following {name} (Ctrl+C to stop)[/]");
            await foreach (var message in client.FollowAsync(target, cancellationToken: cancellationToken))
            {
                if (message.Kind != FollowMessageKind.Event || message.Event is not { } recorded)
                {
                    continue;
                }

                var line = settings.Json ? recorded.Document.ToArray() : Compact(recorded);
                await output.WriteAsync(line, cancellationToken);
                output.WriteByte((byte)'\n');
                await output.FlushAsync(cancellationToken);
                printed++;
                if (printed == settings.Count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal end of a tail.
        }
        catch (EventStoreNotFoundException)
        {
            throw new CliException($"{name} does not exist on the server.");
        }

        environment.Error.MarkupLineInterpolated($"[grey]{printed} event(s)[/]");
        return ExitCodes.Ok;
    }

    /// <summary><c>#position stream@revision type 2026-12-02T21:00:00.000Z {payload}</c>.</summary>
    private static byte[] Compact(RecordedEvent recorded)
    {
        var type = TypeOf(recorded.Payload.Span);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"#{recorded.Position} {recorded.Stream}@{recorded.StreamRevision} {type}{(type.Length > 0 ? " " : "")}{recorded.CommittedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} ");
        return [.. Encoding.UTF8.GetBytes(prefix), .. recorded.Payload.Span];
    }

    private static string TypeOf(ReadOnlySpan<byte> payload)
    {
        var reader = new System.Text.Json.Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            return "";
        }

        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == System.Text.Json.JsonTokenType.String)
            {
                return reader.GetString() ?? "";
            }

            reader.Skip();
        }

        return "";
    }
}
