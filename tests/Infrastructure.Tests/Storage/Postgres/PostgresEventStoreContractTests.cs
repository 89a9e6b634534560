using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Postgres;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>The contract suite against the PostgreSQL provider, each test on its own fresh database.</summary>
public sealed class PostgresEventStoreContractTests(PostgresDatabaseFixture database) : EventStoreContractTests, IClassFixture<PostgresDatabaseFixture>
{
    private string? _connectionString;

    /// <summary>Creates the test's database on the first open; a reopen is another node on the same database.</summary>
    protected override async Task<IEventStore> OpenAsync()
    {
        _connectionString ??= await database.CreateDatabaseAsync();
        return await PostgresDatabaseFixture.OpenAsync(_connectionString, configure: options => options.MaxCommitBytes = CommitLimitBytes);
    }

    protected override Task<IDisposable> HoldNextGroupAsync() => ((PostgresEventStore)Store).Writer.HoldNextGroupAsync();
}
