using CleanEventStore.Api.Requests;
using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Domain.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.ProblemDetails;

/// <summary>
/// The one place where exceptions become problem details (<c>application/problem+json</c>, with <c>error</c>
/// holding the protocol's message and <c>code</c> a stable machine-readable code). Client input never yields a
/// 500; unexpected errors are logged once and answered without internals outside Development.
/// </summary>
public sealed partial class ExceptionProblemDetailsHandler(
    ILogger<ExceptionProblemDetailsHandler> logger,
    IHostEnvironment environment) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Abort();
            return true;
        }

        if (httpContext.Response.HasStarted)
        {
            httpContext.Abort();
            return true;
        }

        var problem = Map(exception);
        if (problem.Status >= 500 && !exception.Data.Contains(ExceptionMarkers.Logged))
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (exception is ServerStoppingException)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }
        else if (exception is TooManyRequestsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = tooMany.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await ProblemWriter.WriteAsync(httpContext, problem, exception);
        return true;
    }

    private Microsoft.AspNetCore.Mvc.ProblemDetails Map(Exception exception)
    {
        switch (exception)
        {
            case RequestValidationException validation:
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

            case BadRequestException bad:
                return ProblemWriter.Create(bad.StatusCode, bad.Message, bad.StatusCode switch
                {
                    413 => "request-too-large",
                    415 => "unsupported-media-type",
                    _ => "bad-request",
                });
            case BadHttpRequestException http:
                return ProblemWriter.Create(http.StatusCode, http.Message, "bad-request");
            case EventStoreException domain:
                return WithExtensions(ProblemWriter.Create(StatusOf(domain), domain.Message, domain.Code), domain);
            default:
            {
                var message = environment.IsDevelopment() ? exception.Message : "An unexpected error occurred. The server log has the details.";
                return ProblemWriter.Create(StatusCodes.Status500InternalServerError, message, "internal-error");
            }
        }
    }

    private static int StatusOf(EventStoreException exception) => exception switch
    {
        InvalidRequestException => StatusCodes.Status400BadRequest,
        AccessDeniedException => StatusCodes.Status403Forbidden,
        StreamNotFoundException or CategoryNotFoundException or ConsumerNotFoundException => StatusCodes.Status404NotFound,
        ReadTimeoutException or ConsumerWaitTimeoutException => StatusCodes.Status408RequestTimeout,
        WrongExpectedVersionException or ConditionFailedException or StreamClosedException or StreamEndedException
            or StreamReadOnlyException or StreamAlreadyExistsException or ConsumerFaultedException => StatusCodes.Status409Conflict,
        RequestTooLargeException => StatusCodes.Status413PayloadTooLarge,
        IdempotencyKeyReusedException => StatusCodes.Status422UnprocessableEntity,
        TooManyRequestsException => StatusCodes.Status429TooManyRequests,
        StorageUnavailableException or ServerStoppingException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails WithExtensions(Microsoft.AspNetCore.Mvc.ProblemDetails problem, EventStoreException exception)
    {
        switch (exception)
        {
            case StreamNotFoundException notFound:
                problem.Extensions["stream"] = notFound.Stream;
                break;
            case CategoryNotFoundException category:
                problem.Extensions["category"] = category.Category;
                break;
            case WrongExpectedVersionException wrong:
                problem.Extensions["stream"] = wrong.Stream;
                problem.Extensions["expectedVersion"] = wrong.ExpectedVersion;
                problem.Extensions["actualVersion"] = wrong.ActualVersion;
                break;
            case ConditionFailedException condition:
                problem.Extensions["noneMatchAfter"] = condition.NoneMatchAfter;
                problem.Extensions["conflictingPosition"] = condition.ConflictingPosition;
                break;
            case StreamClosedException closed:
                problem.Extensions["stream"] = closed.Stream;
                break;
            case AccessDeniedException denied:
                problem.Extensions["scope"] = denied.Scope;
                break;
            case StreamReadOnlyException readOnly:
                problem.Extensions["stream"] = readOnly.Stream;
                problem.Extensions["kind"] = readOnly.Kind.ToString().ToLowerInvariant();
                break;
            case StreamEndedException ended:
                problem.Extensions["stream"] = ended.Stream;
                problem.Extensions["version"] = ended.Version;
                break;
            case StreamAlreadyExistsException exists:
                problem.Extensions["stream"] = exists.Stream;
                break;
            case ConsumerNotFoundException consumer:
                problem.Extensions["consumer"] = consumer.Consumer;
                break;
            case ConsumerFaultedException faulted:
                problem.Extensions["consumer"] = faulted.Consumer;
                break;
            case InvalidRequestException { Parameter: { } parameter }:
                problem.Extensions["parameter"] = parameter;
                break;
        }

        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
