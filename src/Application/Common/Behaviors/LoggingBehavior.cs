using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.Common.Behaviors;

/// <summary>Logs the message type and elapsed time at Debug. Never logs the message itself: commits carry payloads.</summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        return logger.IsEnabled(LogLevel.Debug) ? HandleLogged(message, next, cancellationToken) : next(message, cancellationToken);
    }

    private async ValueTask<TResponse> HandleLogged(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogHandled(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageType} in {ElapsedMs:0.000} ms")]
    private static partial void LogHandled(ILogger logger, string messageType, double elapsedMs);
}
