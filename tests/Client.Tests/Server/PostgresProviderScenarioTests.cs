using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>The scenarios on PostgreSQL.</summary>
public sealed class PostgresProviderScenarioTests(PostgresServerFixture server) : ProviderScenarioTests(server), IClassFixture<PostgresServerFixture>;
