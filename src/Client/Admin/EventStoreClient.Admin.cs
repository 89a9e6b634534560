using System.Net.Http.Headers;

namespace CleanEventStore.Client;

public sealed partial class EventStoreClient
{
    private static readonly MediaTypeWithQualityHeaderValue AnyMedia = new("*/*");

    /// <summary>
    /// Starts downloading a consistent backup of the store (<c>GET /admin/backup</c>, needs the <c>admin</c> scope;
    /// the embedded engine only). Returns once the response's headers arrived, with the archive's position; copy the
    /// archive with <see cref="BackupDownload.CopyToAsync"/> and dispose the download. Not retried (a backup is long:
    /// start it again).
    /// </summary>
    /// <exception cref="EventStoreForbiddenException">The credential lacks the <c>admin</c> scope.</exception>
    /// <exception cref="EventStoreNotFoundException">The server has no backup endpoint (PostgreSQL: use its own tools).</exception>
    public async Task<BackupDownload> GetBackupAsync(CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, "admin/backup", idempotent: false, AnyMedia);
        try
        {
            var response = await SendAsync(request, cancellationToken);
            return new BackupDownload(request, response);
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }
}
