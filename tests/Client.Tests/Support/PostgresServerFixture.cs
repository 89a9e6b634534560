using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>The real Api on PostgreSQL (<c>EventStore:Provider=Postgres</c>) over a fresh database of the functional tests' server, dropped when done.</summary>
public sealed class PostgresServerFixture : ServerFixture, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        Factory.With("EventStore:Provider", "Postgres").With("EventStore:Postgres:ConnectionString", _database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
