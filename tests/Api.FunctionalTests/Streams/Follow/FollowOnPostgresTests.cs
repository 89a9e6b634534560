using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.Follow;

/// <summary>The follow contract on PostgreSQL (a fresh database of the server <c>CES_POSTGRES</c> names).</summary>
[Collection(FollowCollection.Name)]
public sealed class FollowOnPostgresTests : FollowContractTests
{
    private PostgresDatabase? _database;

    protected override async Task<KestrelApiFactory> CreateFactoryAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var factory = new KestrelApiFactory();
        factory.With("EventStore:Provider", "Postgres").With("EventStore:Postgres:ConnectionString", _database.ConnectionString);
        return factory;
    }

    protected override async Task DisposeStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
