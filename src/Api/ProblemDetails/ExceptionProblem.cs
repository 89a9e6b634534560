using System.Data.Common;
using System.Globalization;
using CleanEventStore.Api.Requests;
using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Domain.Errors;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.ProblemDetails;

/// <summary>
/// The problem an exception becomes, and the <c>Retry-After</c> header that goes with it (seconds), if any.
/// </summary>
public readonly record struct ExceptionProblem(Microsoft.AspNetCore.Mvc.ProblemDetails Details, int? RetryAfterSeconds)
{
    /// <summary>
    /// The one mapping from exceptions to problem details: one arm per exception, naming its status, its code
    /// (<see cref="EventStoreException.Code"/> for the store's own errors) and the members that identify what failed.
    /// An exception not listed is a 500 whose message shows only in Development.
    /// </summary>
    public static ExceptionProblem For(Exception exception, bool development) => exception switch
    {
        RequestValidationException e => new(Validation(e), null),
        BadRequestException e => Plain(e.StatusCode, e.Message, e.StatusCode switch
        {
            413 => "request-too-large",
            415 => "unsupported-media-type",
            _ => "bad-request",
        }),
        BadHttpRequestException e => Plain(e.StatusCode, e.Message, "bad-request"),
        InvalidRequestException e => e.Parameter is { } parameter ? Of(400, e, ("parameter", parameter)) : Of(400, e),
        AccessDeniedException e => Of(403, e, ("scope", e.Scope)),
        StreamNotFoundException e => Of(404, e, ("stream", e.Stream)),
        CategoryNotFoundException e => Of(404, e, ("category", e.Category)),
        ConsumerNotFoundException e => Of(404, e, ("consumer", e.Consumer)),
        ReadTimeoutException e => Of(408, e),
        ConsumerWaitTimeoutException e => Of(408, e),
        WrongExpectedVersionException e => Of(409, e, ("stream", e.Stream), ("expectedVersion", e.ExpectedVersion), ("actualVersion", e.ActualVersion)),
        ConditionFailedException e => Of(409, e, ("noneMatchAfter", e.NoneMatchAfter), ("conflictingPosition", e.ConflictingPosition)),
        StreamClosedException e => Of(409, e, ("stream", e.Stream)),
        StreamEndedException e => Of(409, e, ("stream", e.Stream), ("version", e.Version)),
        StreamReadOnlyException e => Of(409, e, ("stream", e.Stream), ("kind", e.Kind.ToString().ToLowerInvariant())),
        StreamAlreadyExistsException e => Of(409, e, ("stream", e.Stream)),
        ConsumerFaultedException e => Of(409, e, ("consumer", e.Consumer)),
        RequestTooLargeException e => Of(413, e),
        IdempotencyKeyReusedException e => Of(422, e),
        TooManyRequestsException e => Of(429, e) with { RetryAfterSeconds = e.RetryAfterSeconds },
        BackupNotSupportedException e => Of(501, e, ("engine", e.Engine), ("see", "pg_dump")),
        StorageUnavailableException e => Of(503, e),
        ServerStoppingException e => Of(503, e) with { RetryAfterSeconds = 1 },

        // A database provider's connection lost or timed out in a read (a commit's failure is already a
        // StorageUnavailableException): the client may retry; the message, which may name hosts, stays in the log.
        DbException { IsTransient: true } => Plain(503, "The database is unavailable; retry shortly.", "storage-unavailable") with { RetryAfterSeconds = 1 },
        EventStoreException e => Of(500, e),
        _ => Plain(500, development ? exception.Message : "An unexpected error occurred. The server log has the details.", "internal-error"),
    };

    /// <summary>The <c>Retry-After</c> header's value, or <c>null</c> when the problem has none.</summary>
    public string? RetryAfter => RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture);

    private static ExceptionProblem Plain(int status, string message, string code) => new(ProblemWriter.Create(status, message, code), null);

    private static ExceptionProblem Of(int status, EventStoreException exception, params ReadOnlySpan<(string Name, object Value)> members)
    {
        var problem = ProblemWriter.Create(status, exception.Message, exception.Code);
        foreach (var (name, value) in members)
        {
            problem.Extensions[name] = value;
        }

        return new(problem, null);
    }

    private static ValidationProblemDetails Validation(RequestValidationException validation)
    {
        var problem = new ValidationProblemDetails(validation.Errors.ToDictionary(pair => pair.Key, pair => pair.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.For(400),
            Title = ProblemTypes.Title(400),
            Detail = validation.Message,
        };
        problem.Extensions["error"] = validation.Message;
        problem.Extensions["code"] = "validation-failed";
        return problem;
    }
}
