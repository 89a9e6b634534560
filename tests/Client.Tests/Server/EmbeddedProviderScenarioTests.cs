using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>The scenarios on the embedded engine.</summary>
public sealed class EmbeddedProviderScenarioTests(ServerFixture server) : ProviderScenarioTests(server), IClassFixture<ServerFixture>;
