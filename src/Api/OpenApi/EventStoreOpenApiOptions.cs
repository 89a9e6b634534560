namespace CleanEventStore.Api.OpenApi;

/// <summary>Section <c>OpenApi</c>: whether the API's description is served, and to whom.</summary>
public sealed class EventStoreOpenApiOptions
{
    public const string SectionName = "OpenApi";

    /// <summary>Serve <c>/openapi/v1.json</c> and the reference at <c>/scalar</c> (default true; false: both are 404).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// With authentication on (<c>Auth:Mode</c> not <c>None</c>), ask for a valid credential (any scope) to read the
    /// description too (default false: the description is public, like the README; the data is not).
    /// </summary>
    public bool RequireAuthentication { get; set; }
}
