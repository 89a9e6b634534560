using System.Globalization;
using CleanEventStore.Application.Admin.CreateBackup;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CleanEventStore.Api.Controllers;

/// <summary><c>GET /admin/backup</c>: an online backup of the embedded store as one tar archive (scope <c>admin</c>).</summary>
[ApiController]
[Route("admin")]
public sealed partial class AdminController(ISender sender, ILogger<AdminController> logger) : EventStoreController
{
    /// <summary>The response header that carries the position the archive stands for.</summary>
    public const string BackupPositionHeader = "X-Backup-Position";

    [HttpGet("backup")]
    public async Task Backup()
    {
        var result = await sender.Send(new CreateBackupQuery(), RequestAborted);
        await using var archive = result.Archive;
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        Response.StatusCode = StatusCodes.Status200OK;
        Response.ContentType = archive.ContentType;
        Response.Headers[BackupPositionHeader] = archive.Position.ToString(CultureInfo.InvariantCulture);
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = archive.FileName }.ToString();
        try
        {
            await archive.WriteToAsync(Response.Body, RequestAborted);
        }
        catch (OperationCanceledException) when (RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception exception) when (Response.HasStarted)
        {
            // The status is sent: cut the connection so that the client sees a truncated archive, never a clean end.
            LogBackupFailed(logger, exception, archive.Position);
            HttpContext.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The backup at position {Position} failed after its first bytes were sent")]
    private static partial void LogBackupFailed(ILogger logger, Exception exception, long position);
}
