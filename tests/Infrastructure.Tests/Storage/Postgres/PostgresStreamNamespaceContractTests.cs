using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Postgres;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>The namespace contract against the PostgreSQL provider, each test on its own fresh database.</summary>
public sealed class PostgresStreamNamespaceContractTests(PostgresDatabaseFixture database) : StreamNamespaceContractTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override async Task<IEventStore> OpenAsync() => await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());

    protected override Task<IDisposable> HoldNextGroupAsync() => ((PostgresEventStore)Store).Writer.HoldNextGroupAsync();
}
