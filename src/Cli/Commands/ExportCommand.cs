using System.ComponentModel;
using System.Diagnostics;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Cli.Output;
using CleanEventStore.Client;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary>
/// <c>ces export</c>: the events of <c>_all</c>, a stream, a category or a DCB query as NDJSON, one stored event
/// document per line exactly as the server returns it, in log order, streamed (one event in memory at a time).
/// </summary>
public sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    public sealed class Settings : ServerSettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("The NDJSON file to write (replaced if it exists). Default: stdout (progress then goes to stderr).")]
        public string? Output { get; set; }

        [CommandOption("--stream <STREAM>")]
        [Description("Export one stream (a write, type, tag or derived stream). Default: _all, the whole log.")]
        public string? Stream { get; set; }

        [CommandOption("--category <CATEGORY>")]
        [Description("Export the streams {category}-… and {category}/…, in log order.")]
        public string? Category { get; set; }

        [CommandOption("--query <JSON>")]
        [Description("Export what a DCB query selects, the server's query JSON: {\"items\":[[{\"types\":[[…]],\"tags\":[[…]]}]]}.")]
        public string? Query { get; set; }

        [CommandOption("--data-directory <DIRECTORY>")]
        [Description("Export a data directory that no server holds, offline, instead of a server (_all, --stream or --category).")]
        public string? DataDirectory { get; set; }

        public override ValidationResult Validate()
        {
            if (DataDirectory is not null && (Query is not null || Server is not null || ApiKey is not null))
            {
                return ValidationResult.Error("--data-directory exports offline: it takes no --query, --server or --api-key.");
            }

            var chosen = new[] { Stream, Category, Query }.Count(value => value is not null);
            if (chosen > 1)
            {
                return ValidationResult.Error("Choose one of --stream, --category and --query.");
            }

            if (Query is not null)
            {
                try
                {
                    QueryJson.Parse(Query);
                }
                catch (FormatException exception)
                {
                    return ValidationResult.Error("--query is not a DCB query ({\"items\":[[{\"types\":[[…]],\"tags\":[[…]]}]]}): " + exception.Message);
                }
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        var stopwatch = Stopwatch.StartNew();
        ServiceProvider? provider = null;
        Func<Stream, WorkProgress.Counter, Task<long>> write;
        long? total = null;
        if (settings.DataDirectory is not null)
        {
            write = (output, counter) => WriteOfflineAsync(settings, output, counter, cancellationToken);
        }
        else
        {
            provider = settings.CreateClient(environment, out var client);
            total = await TotalAsync(client, settings, cancellationToken);
            write = (output, counter) => WriteAsync(client, settings, total, output, counter, cancellationToken);
        }

        using var disposeProvider = provider;
        var progress = new WorkProgress(environment, "export", "events");

        var temporary = settings.Output is null ? null : settings.Output + PartialFile.Suffix;
        var output = temporary is null ? environment.OpenStandardOutput() : new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        long count;
        try
        {
            await using (var buffered = new BufferedStream(output, 1 << 16))
            {
                count = await progress.RunAsync(total, counter => write(buffered, counter));
                await buffered.FlushAsync(cancellationToken);
            }

            if (temporary is not null)
            {
                File.Move(temporary, settings.Output!, overwrite: true);
            }
        }
        catch when (temporary is not null)
        {
            await output.DisposeAsync();
            File.Delete(temporary);
            throw;
        }

        environment.Error.WriteLine(progress.Summary(count, stopwatch.Elapsed) + (settings.Output is null ? "" : " -> " + settings.Output));
        return ExitCodes.Ok;
    }

    /// <summary>The number of events to export when the server can say it cheaply (a stream's version), else null.</summary>
    private static async Task<long?> TotalAsync(EventStoreClient client, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Category is not null || settings.Query is not null)
        {
            return null;
        }

        try
        {
            return await client.GetStreamVersionAsync(settings.Stream ?? EventStoreClient.AllStream, cancellationToken);
        }
        catch (EventStoreNotFoundException)
        {
            throw new CliException($"stream \"{settings.Stream}\" does not exist on the server.");
        }
    }

    /// <summary>A data directory no server holds, read through the embedded engine itself (<see cref="StoreExport"/>).</summary>
    private static async Task<long> WriteOfflineAsync(Settings settings, Stream output, WorkProgress.Counter counter, CancellationToken cancellationToken)
    {
        try
        {
            var options = new EventStoreOptions { StorageDirectory = settings.DataDirectory! };
            var count = await StoreExport.WriteNdjsonAsync(options, settings.Stream, settings.Category, output, counter.Set, cancellationToken);
            counter.Set(count);
            return count;
        }
        catch (DataDirectoryInUseException exception)
        {
            throw new CliException($"{exception.Message} Export a running store through its server (--server) instead.");
        }
        catch (Exception exception) when (exception is DirectoryNotFoundException or KeyNotFoundException)
        {
            throw new CliException(exception.Message);
        }
        catch (ArgumentException exception)
        {
            throw CliException.Usage(exception.Message);
        }
    }

    private static async Task<long> WriteAsync(EventStoreClient client, Settings settings, long? total, Stream output, WorkProgress.Counter counter, CancellationToken cancellationToken)
    {
        if (total == 0)
        {
            return 0; // A read of an empty stream would wait for its first event (a long-poll).
        }

        // The window ends at the head seen before the export began: a stream or _all keeps growing while it runs.
        var window = total is { } head ? ReadWindow.Starting(1, head) : null;
        long count = 0;
        QueryResult? query = null;
        try
        {
            IAsyncEnumerable<RecordedEvent> events;
            if (settings.Query is not null)
            {
                query = await client.QueryAsync(QueryJson.Parse(settings.Query), cancellationToken: cancellationToken);
                events = query;
            }
            else if (settings.Category is not null)
            {
                events = client.ReadCategoryAsync(settings.Category, cancellationToken: cancellationToken);
            }
            else
            {
                events = client.ReadStreamAsync(settings.Stream ?? EventStoreClient.AllStream, window, cancellationToken: cancellationToken);
            }

            await foreach (var recorded in events.WithCancellation(cancellationToken))
            {
                await output.WriteAsync(recorded.Document, cancellationToken);
                output.WriteByte((byte)'\n');
                count++;
                if ((count & 1023) == 0)
                {
                    counter.Set(count);
                }
            }
        }
        catch (EventStoreNotFoundException) when (settings.Category is not null)
        {
            throw new CliException($"no stream of category \"{settings.Category}\" exists on the server.");
        }
        finally
        {
            if (query is not null)
            {
                await query.DisposeAsync();
            }
        }

        counter.Set(count);
        return count;
    }
}
