using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Cli.Output;
using CleanEventStore.Client;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary><c>ces backup</c>: <c>GET /admin/backup</c> to a file, written to <c>FILE.partial</c> and renamed when complete.</summary>
public sealed class BackupCommand : AsyncCommand<BackupCommand.Settings>
{
    public sealed class Settings : ServerSettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("The archive file to write (replaced if it exists; written to FILE.partial until complete).")]
        public string? Output { get; set; }

        [CommandOption("--data-directory <DIRECTORY>")]
        [Description("Back up a data directory that no server holds, offline, instead of a server (the same archive).")]
        public string? DataDirectory { get; set; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Output))
            {
                return ValidationResult.Error("--output FILE is required.");
            }

            if (DataDirectory is not null && (Server is not null || ApiKey is not null))
            {
                return ValidationResult.Error("--data-directory backs up offline: it takes no --server or --api-key.");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        if (settings.DataDirectory is not null)
        {
            return await BackupOfflineAsync(environment, settings, cancellationToken);
        }

        using var provider = settings.CreateClient(environment, out var client);
        var stopwatch = Stopwatch.StartNew();
        BackupDownload download;
        try
        {
            download = await client.GetBackupAsync(cancellationToken);
        }
        catch (EventStoreNotFoundException)
        {
            throw new CliException("the server has no backup endpoint (GET /admin/backup answered 404): on PostgreSQL back up with pg_dump or base backups.");
        }

        using (download)
        {
            var progress = new WorkProgress(environment, "backup", "bytes");
            var bytes = await PartialFile.WriteAsync(
                settings.Output!,
                file => progress.RunAsync(download.Length, counter => download.CopyToAsync(file, new SyncProgress(counter.Set), cancellationToken)),
                cancellationToken);

            environment.Error.WriteLine(progress.Summary(bytes, stopwatch.Elapsed) + $" -> {settings.Output}");
            environment.Out.WriteLine(download.Position is { } position
                ? $"backup of every event up to position {position}: {settings.Output} ({bytes} bytes)"
                : $"backup: {settings.Output} ({bytes} bytes; the server did not send {BackupDownload.PositionHeader})");
        }

        return ExitCodes.Ok;
    }

    /// <summary>A data directory no server holds: opened by the embedded engine itself (<see cref="StoreBackup.WriteAsync"/>).</summary>
    private static async Task<int> BackupOfflineAsync(CliEnvironment environment, Settings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        long position;
        long bytes;
        try
        {
            (position, bytes) = await PartialFile.WriteAsync(
                settings.Output!,
                async file => (await StoreBackup.WriteAsync(new EventStoreOptions { StorageDirectory = settings.DataDirectory! }, null, file, cancellationToken), file.Position),
                cancellationToken);
        }
        catch (DataDirectoryInUseException exception)
        {
            throw new CliException($"{exception.Message} Back up a running store through its server (--server) instead.");
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new CliException(exception.Message);
        }

        environment.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backup: {bytes} bytes in {stopwatch.Elapsed.TotalSeconds:F1} s -> {settings.Output}"));
        environment.Out.WriteLine($"backup of every event up to position {position}: {settings.Output} ({bytes} bytes)");
        return ExitCodes.Ok;
    }

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
