using CleanEventStore.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli;

/// <summary>The <c>ces</c> command application: its commands, and how errors become exit codes.</summary>
public static class CesApp
{
    /// <summary>Runs <paramref name="args"/> in <paramref name="environment"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("ces");
            config.ConfigureConsole(environment.Out);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<ExportCommand>("export")
                .WithData(environment)
                .WithDescription("Export events of a server to NDJSON (a file or stdout): _all, a stream, a category or a query.")
                .WithExample("export", "--output", "store.ndjson")
                .WithExample("export", "--stream", "orders-1", "--server", "http://events:3000");
            config.AddCommand<ImportCommand>("import")
                .WithData(environment)
                .WithDescription("Import an NDJSON export into a server, in order, batched, idempotent and resumable.")
                .WithExample("import", "store.ndjson", "--server", "http://target:3000");
            config.AddCommand<BackupCommand>("backup")
                .WithData(environment)
                .WithDescription("Download a consistent backup archive of a live store (GET /admin/backup, admin scope).")
                .WithExample("backup", "--output", "store.backup");
            config.AddCommand<RestoreCommand>("restore")
                .WithData(environment)
                .WithDescription("Unpack a backup archive into a new data directory (offline; every file checked against the manifest first).")
                .WithExample("restore", "store.backup", "--to", "/var/lib/ces/restored");
            config.AddCommand<VerifyCommand>("verify")
                .WithData(environment)
                .WithDescription("Check a data directory read-only: record CRCs, positions, indexes, consumer files. Exit code 3 when damaged.")
                .WithExample("verify", "/var/lib/ces/data")
                .WithExample("verify", "/var/lib/ces/data", "--allow-in-use", "--json");
            config.AddCommand<TailCommand>("tail")
                .WithData(environment)
                .WithDescription("Follow _all, a stream or a category live and print each event; Ctrl+C ends it.")
                .WithExample("tail", "--stream", "orders-1")
                .WithExample("tail", "--category", "orders", "--json");
            config.AddCommand<StatsCommand>("stats")
                .WithData(environment)
                .WithDescription("Show the server's health and storage statistics (/health, /health/stats).")
                .WithExample("stats", "--json");
        });

        try
        {
            if (args.Count == 0)
            {
                await app.RunAsync(["--help"], cancellationToken);
                return ExitCodes.Usage; // No command: the help, and a usage error for scripts.
            }

            return await app.RunAsync(args, cancellationToken);
        }
        catch (CliException exception)
        {
            environment.Error.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
            return exception.ExitCode;
        }
        catch (CommandAppException exception)
        {
            // Parsing and validation: an unknown command or option, a missing or malformed value.
            environment.Error.MarkupLineInterpolated($"[red]error:[/] {exception.Message}");
            environment.Error.MarkupLine("Run [bold]ces --help[/] or [bold]ces <command> --help[/].");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            environment.Error.MarkupLine("[yellow]interrupted[/]");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (Failures.Describe(exception) is { } message)
        {
            environment.Error.MarkupLineInterpolated($"[red]error:[/] {message}");
            return ExitCodes.Failure;
        }
    }
}
