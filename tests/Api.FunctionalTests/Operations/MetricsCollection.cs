namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>
/// The scrape tests run alone: OpenTelemetry subscribes to meters by name, so a host scraped while other hosts of the
/// test process record would also see theirs (the exact figures are read from the host's own meter instead).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
