using CleanEventStore.Application.Abstractions.Backup;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Admin.CreateBackup;

public sealed class CreateBackupHandler(IEnumerable<IStoreBackup> backups, IEventStore store) : IQueryHandler<CreateBackupQuery, CreateBackupResult>
{
    private readonly IStoreBackup? _backup = backups.LastOrDefault();

    public async ValueTask<CreateBackupResult> Handle(CreateBackupQuery query, CancellationToken cancellationToken)
    {
        if (_backup is null)
        {
            var statistics = await store.GetStatisticsAsync(cancellationToken);
            throw new BackupNotSupportedException(
                statistics.Engine,
                $"The '{statistics.Engine}' storage engine has no online backup endpoint: back up its PostgreSQL database with pg_dump (or a base backup with WAL archiving for point-in-time recovery), as the README's 'Back up and restore' section describes.");
        }

        return new CreateBackupResult(await _backup.CaptureAsync(cancellationToken));
    }
}
