namespace CleanEventStore.Api.Telemetry;

/// <summary>
/// <c>Metrics:*</c>: the instruments and the Prometheus scrape endpoint <c>/metrics</c> (under the store's prefix when it
/// is mounted under one), and <c>OpenTelemetry:*</c>: the OTLP export of metrics and traces.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>The scrape path, relative to the store's prefix.</summary>
    public static readonly PathString ScrapePath = new("/metrics");

    /// <summary>
    /// Metrics on (default): the store's meter, ASP.NET Core's, Npgsql's and the runtime's are collected and served at
    /// <c>/metrics</c>. Off (or <c>OpenTelemetry:Enabled=false</c>): no OpenTelemetry at all, <c>/metrics</c> is 404, and
    /// nothing listens to the instruments (only the <c>/health</c> totals are counted).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// With authentication on (<c>Auth:Mode</c>), <c>/metrics</c> needs a caller with scope <c>admin</c> (default true:
    /// the figures name streams' consumers and show the load). False: anonymous, for a scraper without credentials
    /// (then protect the port). Without authentication every route is open anyway.
    /// </summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>Whether <paramref name="path"/> (relative to the store's prefix) is the scrape endpoint.</summary>
    public static bool IsScrapePath(PathString path) => path.Equals(ScrapePath, StringComparison.OrdinalIgnoreCase);
}
