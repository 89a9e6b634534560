using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using CleanEventStore.Cli.Output;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary>
/// <c>ces restore</c>: unpacks a backup archive (<c>ces backup</c>, <c>GET /admin/backup</c>) into a new data directory,
/// offline, through <see cref="StoreRestore"/>: every file is checked against the manifest before the directory
/// appears, so the target is either untouched or a complete store that a server opens with every event up to the
/// backup's position.
/// </summary>
public sealed class RestoreCommand : AsyncCommand<RestoreCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ARCHIVE>")]
        [Description("The backup archive (the output of ces backup). - reads it from stdin.")]
        public string Archive { get; set; } = "";

        [CommandOption("--to <DIRECTORY>")]
        [Description("The data directory to create: it must not exist or be empty. Point EventStore:StorageDirectory at it.")]
        public string? To { get; set; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(To))
            {
                return ValidationResult.Error("--to DIRECTORY is required (a new or empty directory).");
            }

            if (Archive != "-" && !File.Exists(Archive))
            {
                return ValidationResult.Error($"the archive \"{Archive}\" does not exist.");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        var stopwatch = Stopwatch.StartNew();
        var fromStdin = settings.Archive == "-";
        var progress = new WorkProgress(environment, "restore", "bytes");
        StoreRestoreResult result;
        await using (var archive = fromStdin
            ? environment.OpenStandardInput()
            : new FileStream(settings.Archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous))
        {
            long? total = fromStdin ? null : archive.Length;
            try
            {
                result = await progress.RunAsync(total, counter => StoreRestore.RestoreAsync(new CountingReadStream(archive, counter.Set), settings.To!, cancellationToken));
            }
            catch (RestoreTargetNotEmptyException exception)
            {
                throw new CliException($"{exception.Message} Nothing was written.");
            }
            catch (BackupArchiveException exception)
            {
                throw new CliException($"the archive cannot be restored: {exception.Message} Nothing was written to {settings.To}.");
            }
        }

        environment.Error.WriteLine(progress.Summary(result.Bytes, stopwatch.Elapsed) + $" -> {result.Directory}");
        environment.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"restored every event up to position {result.Manifest.Position} (backup of {result.Manifest.CreatedAt:u}, {result.Manifest.Files.Count} files{(result.Manifest.HasIndex ? ", index checkpoint" : "")}) into {result.Directory}"));
        return ExitCodes.Ok;
    }

    /// <summary>Reports how many bytes were read so far (the archive is read once, front to back).</summary>
    private sealed class CountingReadStream(Stream inner, Action<long> report) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            report(_read);
            return read;
        }
    }
}
