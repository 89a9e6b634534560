namespace CleanEventStore.Api.Ui;

/// <summary>Section <c>UI</c>: the web console at <c>/ui</c>.</summary>
public sealed class WebConsoleOptions
{
    public const string SectionName = "UI";

    /// <summary>Serve the web console at <c>/ui</c> (default true; false: <c>/ui</c> is 404).</summary>
    public bool Enabled { get; set; } = true;
}
