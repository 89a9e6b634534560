using System.ComponentModel;
using System.Diagnostics;
using CleanEventStore.Cli.Import;
using CleanEventStore.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary>
/// <c>ces import</c>: an NDJSON export into a server, in input order, in batches, each commit with an expected version
/// and a deterministic <c>Idempotency-Key</c>; resumable through a checkpoint file next to the input.
/// </summary>
public sealed class ImportCommand : AsyncCommand<ImportCommand.Settings>
{
    /// <summary>The checkpoint's file name is the input's with this suffix.</summary>
    public const string CheckpointSuffix = ".ces-import";

    public sealed class Settings : ServerSettings
    {
        [CommandArgument(0, "[FILE]")]
        [Description("The NDJSON file to import (the output of ces export). - or nothing: stdin (no checkpoint).")]
        public string? Input { get; set; }

        [CommandOption("--batch-size <EVENTS>")]
        [Description("Most events of one commit: consecutive whole source commits of one stream with the same metadata are merged up to it. Default 500.")]
        [DefaultValue(500)]
        public int BatchSize { get; set; } = 500;

        [CommandOption("--max-batch-bytes <BYTES>")]
        [Description("Most payload bytes of one commit (below the server's MaxRequestBodyBytes, 1 MiB by default). Default 524288.")]
        [DefaultValue(524288L)]
        public long MaxBatchBytes { get; set; } = 524288;

        [CommandOption("--keep-commits")]
        [Description("Commit exactly the source's commits (no merging): commitVersion and commitSize then match too.")]
        public bool KeepCommits { get; set; }

        [CommandOption("--checkpoint <FILE>")]
        [Description("Where the progress is kept for a resume. Default: FILE" + CheckpointSuffix + ".")]
        public string? Checkpoint { get; set; }

        [CommandOption("--no-checkpoint")]
        [Description("Neither read nor write a checkpoint: a re-run then finds what is there by the idempotency keys and the versions.")]
        public bool NoCheckpoint { get; set; }

        public override ValidationResult Validate()
        {
            if (BatchSize < 1)
            {
                return ValidationResult.Error("--batch-size must be at least 1.");
            }

            if (MaxBatchBytes < 1024)
            {
                return ValidationResult.Error("--max-batch-bytes must be at least 1024.");
            }

            if (Input is not null and not "-" && !File.Exists(Input))
            {
                return ValidationResult.Error($"the input file \"{Input}\" does not exist.");
            }

            return base.Validate();
        }

        internal bool FromStdin => Input is null or "-";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        using var provider = settings.CreateClient(environment, out var client);
        var target = settings.ResolveServer(environment).TrimEnd('/');
        var checkpointPath = settings.NoCheckpoint || (settings.FromStdin && settings.Checkpoint is null) ? null : settings.Checkpoint ?? settings.Input + CheckpointSuffix;
        var inputLength = settings.FromStdin ? -1 : new FileInfo(settings.Input!).Length;

        long skip = 0;
        if (checkpointPath is not null && ImportCheckpoint.TryRead(checkpointPath) is { } saved)
        {
            if (saved.Target == target && saved.InputLength == inputLength)
            {
                skip = saved.Line;
                environment.Error.MarkupLineInterpolated($"resuming after line {saved.Line} ({saved.Events} events already imported; checkpoint {checkpointPath})");
            }
            else
            {
                environment.Error.MarkupLineInterpolated($"[yellow]ignoring the checkpoint {checkpointPath}:[/] it is of another server or input; starting at line 1");
            }
        }

        long? total = null;
        if (!settings.FromStdin)
        {
            total = await CountLinesAsync(settings.Input!, cancellationToken);
        }

        var stopwatch = Stopwatch.StartNew();
        var lastSave = Stopwatch.StartNew();
        ImportCheckpoint? done = null;
        var importer = new Importer(client, new ImportOptions(settings.BatchSize, settings.MaxBatchBytes, settings.KeepCommits))
        {
            BatchDone = (line, events) =>
            {
                done = new ImportCheckpoint(target, inputLength, line, events, false);
                if (checkpointPath is not null && lastSave.Elapsed >= TimeSpan.FromSeconds(1))
                {
                    done.Write(checkpointPath);
                    lastSave.Restart();
                }

                environment.AfterImportBatch?.Invoke(events);
            },
        };

        var progress = new WorkProgress(environment, "import", "events");
        ImportResult result;
        await using (var input = settings.FromStdin ? environment.OpenStandardInput() : new FileStream(settings.Input!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous))
        {
            try
            {
                result = await progress.RunAsync(total, counter => importer.RunAsync(input, skip, counter.Set, cancellationToken));
            }
            finally
            {
                // What is committed stays recorded, whatever stopped the import (Ctrl+C, a conflict, the network).
                if (checkpointPath is not null && done is not null)
                {
                    done.Write(checkpointPath);
                }
            }
        }

        if (checkpointPath is not null)
        {
            new ImportCheckpoint(target, inputLength, long.MaxValue, result.Lines, true).Write(checkpointPath);
        }

        environment.Error.WriteLine(progress.Summary(result.Lines, stopwatch.Elapsed) +
            $" ({result.Imported} imported in {result.Commits} commits, {result.AlreadyThere} already on the target, {skip} lines skipped by the checkpoint)");
        return ExitCodes.Ok;
    }

    private static async Task<long> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        // For the progress bar's total and time left: one fast pass (the file is then in the page cache for the import).
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        var lastByte = (byte)'\n';
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            lastByte = buffer[read - 1];
        }

        return lastByte == '\n' ? lines : lines + 1;
    }
}
