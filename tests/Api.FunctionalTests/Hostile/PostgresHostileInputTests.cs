using CleanEventStore.Api.FunctionalTests.Support;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// The hostile-input suite on the PostgreSQL provider (a fresh database): the same generated requests get a 2xx or a
/// 4xx problem in time, never a 5xx, and a refusal writes nothing, whichever provider stores the events.
/// </summary>
public sealed class PostgresHostileInputTests(ITestOutputHelper output)
    : HostileInputSuite(output, [HeaderSet.None], Requests, Settings(Database), snapshotAuthorization: null), IAsyncLifetime
{
    private const int Requests = 2000;

    // Static because the base constructor needs its connection string; the class has one test, so one database.
    private static readonly PostgresDatabase Database = PostgresDatabase.Unique();

    public Task InitializeAsync() => Database.EnsureCreatedAsync();

    public async Task DisposeAsync()
    {
        // The server first (xunit calls Dispose after DisposeAsync; a second Dispose does nothing), then its database.
        Dispose();
        await Database.DisposeAsync();
    }

    private static Dictionary<string, string> Settings(PostgresDatabase database) => new(StringComparer.Ordinal)
    {
        ["EventStore:Provider"] = "Postgres",
        ["EventStore:Postgres:ConnectionString"] = database.ConnectionString,
    };
}
