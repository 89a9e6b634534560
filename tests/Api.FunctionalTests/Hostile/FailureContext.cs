namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>Which request of which run failed, told so that it can be replayed.</summary>
public sealed record FailureContext(FuzzSettings Settings, int Index, FuzzRequest Request, HeaderSet HeaderSet)
{
    public string Describe(string failure, string response) =>
        $"""
        Hostile request #{Index} of seed {Settings.Seed} {failure}.
        Replay: {FuzzSettings.SeedVariable}={Settings.Seed} {FuzzSettings.RequestsVariable}={Index + 1} dotnet test tests/Api.FunctionalTests --filter FullyQualifiedName~HostileInputTests
        --- request ---
        {Request.Describe(HeaderSet)}
        --- response ---
        {response}
        """;
}
