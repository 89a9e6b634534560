using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Domain.Errors;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.Common.Behaviors;

/// <summary>
/// Outermost behaviour: logs unexpected exceptions once, at Error, with the message type (never the payload), marks
/// them as logged and rethrows. Expected outcomes (domain and validation exceptions, cancellation) pass silently.
/// </summary>
public sealed partial class UnhandledExceptionBehavior<TMessage, TResponse>(ILogger<UnhandledExceptionBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception exception) when (IsUnexpected(exception, cancellationToken))
        {
            LogUnhandled(logger, exception, typeof(TMessage).Name);
            exception.Data[ExceptionMarkers.Logged] = true;
            throw;
        }
    }

    private static bool IsUnexpected(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        EventStoreException or RequestValidationException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while handling {MessageType}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string messageType);
}
