using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// One structured event per audited action (<see cref="IAudited"/>: commits, closes, stream creations, consumer
/// changes) and per refused authorization of any message, in the log category <see cref="AuditLog.Category"/>: who (the
/// API key's name or the token's subject), what (the use case), on what (stream or consumer), and the result (<c>ok</c>
/// or the error code). Successes are Information, refusals Warning. Never a payload, a key or a token.
/// </summary>
public sealed partial class AuditBehavior<TMessage, TResponse>(AccessGuard guard, ILoggerFactory loggers) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string Action = typeof(TMessage).Name.Replace("Command", string.Empty, StringComparison.Ordinal).Replace("Query", string.Empty, StringComparison.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger(AuditLog.Category);

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // Only what can be logged costs anything: an audited action with Information on, or a refusal (Warning), which
        // an unrestricted caller (no authentication) never gets.
        var audited = message is IAudited && _logger.IsEnabled(LogLevel.Information);
        return audited || (_logger.IsEnabled(LogLevel.Warning) && !ReferenceEquals(guard.Caller, Caller.Unrestricted))
            ? HandleAudited(message, audited ? ((IAudited)message).AuditSubject : null, next, cancellationToken)
            : next(message, cancellationToken);
    }

    private async ValueTask<TResponse> HandleAudited(TMessage message, string? subject, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await next(message, cancellationToken);
            if (subject is not null)
            {
                LogDone(_logger, guard.Caller.Name, Action, subject);
            }

            return response;
        }
        catch (AccessDeniedException denied)
        {
            LogRefused(_logger, guard.Caller.Name, Action, subject ?? (message as IAudited)?.AuditSubject ?? "-", denied.Scope);
            throw;
        }
        catch (EventStoreException failed) when (subject is not null)
        {
            LogFailed(_logger, guard.Caller.Name, Action, subject, failed.Code);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Caller} {Action} {Subject}: ok")]
    private static partial void LogDone(ILogger logger, string caller, string action, string subject);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Caller} {Action} {Subject}: {Result}")]
    private static partial void LogFailed(ILogger logger, string caller, string action, string subject, string result);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Caller} {Action} {Subject}: forbidden, needs {Scope}")]
    private static partial void LogRefused(ILogger logger, string caller, string action, string subject, string scope);
}
