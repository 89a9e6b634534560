using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CleanEventStore.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary><c>ces stats</c>: <c>/health</c> and, with the admin scope, <c>/health/stats</c>, as a table or JSON.</summary>
public sealed class StatsCommand : AsyncCommand<StatsCommand.Settings>
{
    public sealed class Settings : ServerSettings
    {
        [CommandOption("--json")]
        [Description("Print {\"health\":…,\"stats\":…} (stats null without the admin scope) instead of tables.")]
        public bool Json { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = (CliEnvironment)context.Data!;
        using var provider = settings.CreateClient(environment, out var client);
        var health = await client.GetHealthAsync(cancellationToken);
        StorageStatistics? stats = null;
        string? statsRefused = null;
        try
        {
            stats = await client.GetStorageStatisticsAsync(cancellationToken);
        }
        catch (EventStoreException exception) when (exception is EventStoreForbiddenException or EventStoreAuthenticationException)
        {
            statsRefused = $"/health/stats needs the admin scope ({(int)exception.StatusCode})";
        }

        if (settings.Json)
        {
            await using var output = environment.OpenStandardOutput();
            await JsonSerializer.SerializeAsync(output, new StatsReport(health, stats), StatsJsonContext.Default.StatsReport, cancellationToken);
            output.WriteByte((byte)'\n');
        }
        else
        {
            Render(environment.Out, health, stats, statsRefused);
        }

        return health.IsHealthy ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static void Render(IAnsiConsole console, HealthReport health, StorageStatistics? stats, string? statsRefused)
    {
        var table = new Table().Title("health").AddColumn("").AddColumn("");
        table.HideHeaders();
        table.AddRow("status", health.IsHealthy ? "[green]ok[/]" : $"[red]{Markup.Escape(health.Status)}[/]");
        Row(table, "engine", $"{health.Store.Engine} ({health.Store.Durability})");
        Row(table, "open / writable", $"{health.Store.Open} / {health.Store.Writable}");
        Row(table, "events (head position)", health.Store.Length.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "streams", health.Store.Streams.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "consumers", health.Store.Consumers.ToString(CultureInfo.InvariantCulture));
        if (health.Store.Fault is { } fault)
        {
            table.AddRow("fault", $"[red]{Markup.Escape(fault)}[/]");
        }

        Row(table, "version", health.Store.EventStorageVersion);
        Row(table, "uptime", TimeSpan.FromSeconds(health.Server.UptimeSeconds).ToString("c", CultureInfo.InvariantCulture));
        Row(table, "runtime", $"{health.Server.Runtime}, {health.Server.ProcessorCount} CPU, {health.Server.WorkingSetBytes / (1024 * 1024)} MiB working set");
        Row(table, "open long-polls", health.Server.OpenLongPolls.ToString(CultureInfo.InvariantCulture));
        console.Write(table);

        if (stats is null)
        {
            console.MarkupLineInterpolated($"[grey]storage statistics: {statsRefused}; give an admin API key with --api-key[/]");
            return;
        }

        var storage = new Table().Title("storage").AddColumn("").AddColumn("");
        storage.HideHeaders();
        Row(storage, "log segments", $"{stats.NumPartitions} ({stats.Partitions.Values.Sum(p => p.Size) / (1024.0 * 1024):F1} MiB)");
        Row(storage, "bytes written", stats.BytesWritten.ToString("N0", CultureInfo.InvariantCulture));
        Row(storage, "stream indexes", stats.NumIndexes.ToString(CultureInfo.InvariantCulture));
        foreach (var kind in stats.Indexes.Values.GroupBy(index => index.Kind).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            Row(storage, $"  {kind.Key} streams", $"{kind.Count()} ({kind.Sum(index => index.Size).ToString("N0", CultureInfo.InvariantCulture)} entries, {kind.Count(index => index.Closed)} closed)");
        }

        Row(storage, "memberships", stats.Memberships.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(storage);
    }

    private static void Row(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
}

/// <summary>The JSON of <c>ces stats --json</c>.</summary>
internal sealed record StatsReport(HealthReport Health, StorageStatistics? Stats);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatsReport))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;
