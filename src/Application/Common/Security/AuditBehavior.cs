using CleanEventStore.Domain.Errors;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// One structured event per audited action (<see cref="IAudited"/>: commits, closes, stream creations, consumer
/// changes), in the log category <see cref="AuditLog.Category"/>: who (the API key's name or the token's subject), what
/// (the use case), on what (stream or consumer), and the result (<c>ok</c> or the error code), at Information. Refusals
/// of the caller's scopes are logged by <see cref="AccessGuard"/> (Warning). Never a payload, a key or a token. With
/// Information off for the category (the default), the behaviour costs nothing.
/// </summary>
public sealed partial class AuditBehavior<TMessage, TResponse>(AccessGuard guard, ILoggerFactory loggers) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string Action = typeof(TMessage).Name.Replace("Command", string.Empty, StringComparison.Ordinal).Replace("Query", string.Empty, StringComparison.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger(AuditLog.Category);

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        message is IAudited audited && _logger.IsEnabled(LogLevel.Information)
            ? HandleAudited(message, audited.AuditSubject, next, cancellationToken)
            : next(message, cancellationToken);

    private async ValueTask<TResponse> HandleAudited(TMessage message, string subject, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await next(message, cancellationToken);
            LogDone(_logger, guard.Caller.Name, Action, subject);
            return response;
        }
        catch (AccessDeniedException)
        {
            throw;
        }
        catch (EventStoreException failed)
        {
            LogFailed(_logger, guard.Caller.Name, Action, subject, failed.Code);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Caller} {Action} {Subject}: ok")]
    private static partial void LogDone(ILogger logger, string caller, string action, string subject);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Caller} {Action} {Subject}: {Result}")]
    private static partial void LogFailed(ILogger logger, string caller, string action, string subject, string result);
}
