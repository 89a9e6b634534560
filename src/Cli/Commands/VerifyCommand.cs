using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary>
/// <c>ces verify</c>: checks a data directory offline and read-only through <see cref="StoreVerifier"/> (every record's
/// CRC, contiguous positions, the index checkpoint and the index files against the log, the consumer files). Exit code
/// 0 when nothing is damaged (warnings are what recovery repairs at open), <see cref="ExitCodes.Damaged"/> otherwise.
/// </summary>
public sealed class VerifyCommand : AsyncCommand<VerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIRECTORY>")]
        [Description("The data directory (EventStore:StorageDirectory) to check. Nothing in it is changed.")]
        public string Directory { get; set; } = "";

        [CommandOption("--allow-in-use")]
        [Description("Check a directory that a running server holds (read-only, no lock); problems at the live tail are then warnings.")]
        public bool AllowInUse { get; set; }

        [CommandOption("--max-problems <COUNT>")]
        [Description("Most problems listed of one kind (the rest are counted). Default 20.")]
        [DefaultValue(20)]
        public int MaxProblems { get; set; } = 20;

        [CommandOption("--json")]
        [Description("Print the report as one JSON object instead of tables.")]
        public bool Json { get; set; }

        public override ValidationResult Validate() =>
            MaxProblems < 1 ? ValidationResult.Error("--max-problems must be at least 1.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        StoreVerifyReport report;
        try
        {
            report = await StoreVerifier.VerifyAsync(settings.Directory, new StoreVerifyOptions { AllowInUse = settings.AllowInUse, MaxProblemsPerKind = settings.MaxProblems }, cancellationToken);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new CliException(exception.Message);
        }
        catch (DataDirectoryInUseException exception)
        {
            throw new CliException($"{exception.Message} Stop the server, or pass --allow-in-use to check it while it runs.");
        }

        if (settings.Json)
        {
            await using var output = environment.OpenStandardOutput();
            await JsonSerializer.SerializeAsync(output, report, VerifyJsonContext.Default.StoreVerifyReport, cancellationToken);
            output.WriteByte((byte)'\n');
        }
        else
        {
            Render(environment.Out, report);
        }

        return report.Ok ? ExitCodes.Ok : ExitCodes.Damaged;
    }

    private static void Render(IAnsiConsole console, StoreVerifyReport report)
    {
        var errors = report.Problems.Count(problem => problem.Severity == StoreVerifySeverity.Error);
        var warnings = report.Problems.Count - errors;
        var table = new Table().Title("verify").AddColumn("").AddColumn("");
        table.HideHeaders();
        table.AddRow("directory", Markup.Escape(report.Directory + (report.InUse ? " (held by a running server)" : "")));
        table.AddRow("log segments", Number(report.Segments));
        table.AddRow("records checked", Number(report.Records));
        table.AddRow("events (positions)", Number(report.Events));
        table.AddRow("log bytes", Number(report.LogBytes));
        table.AddRow("index checkpoint head", report.IndexedHead is { } head ? Number(head) : "none");
        table.AddRow("consumer files", Number(report.ConsumerFiles));
        table.AddRow("result", errors > 0 ? $"[red]damaged: {errors} errors, {warnings} warnings[/]" : warnings > 0 ? $"[yellow]ok, {warnings} warnings[/]" : "[green]ok[/]");
        console.Write(table);
        if (report.Problems.Count == 0)
        {
            return;
        }

        var problems = new Table().AddColumn("severity").AddColumn("file").AddColumn("offset").AddColumn("problem");
        foreach (var problem in report.Problems)
        {
            problems.AddRow(
                problem.Severity == StoreVerifySeverity.Error ? "[red]error[/]" : "[yellow]warning[/]",
                Markup.Escape(problem.File),
                problem.Offset is { } offset ? Number(offset) : "",
                Markup.Escape(problem.Message));
        }

        console.Write(problems);
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(JsonStringEnumConverter<StoreVerifySeverity>)])]
[JsonSerializable(typeof(StoreVerifyReport))]
internal sealed partial class VerifyJsonContext : JsonSerializerContext;
