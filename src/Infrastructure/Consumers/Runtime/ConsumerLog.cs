using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

internal static partial class ConsumerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} of stream {Stream} started at position {Position}")]
    public static partial void Started(ILogger logger, string consumer, string stream, long position);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consumer {Consumer} processed {Count} events, now at position {Position}")]
    public static partial void Processed(ILogger logger, string consumer, int count, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} faulted at revision {Revision}: {Error}")]
    public static partial void Faulted(ILogger logger, string consumer, long? revision, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer {Consumer} stopped after an unexpected error")]
    public static partial void Failed(ILogger logger, Exception exception, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} deleted")]
    public static partial void Deleted(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} consumers from {Directory} (auto-start: {AutoStart})")]
    public static partial void Loaded(ILogger logger, int count, string directory, bool autoStart);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} stopped here at position {Position}: the store refused its progress (another node owns it now, or it was replaced or deleted)")]
    public static partial void Superseded(ILogger logger, string consumer, long position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} now runs on this node")]
    public static partial void Acquired(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer} stopped on this node: its lease was lost")]
    public static partial void LeaseLost(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Synchronising the consumers with the shared store failed; retrying")]
    public static partial void SynchronizeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The consumer file {File} is damaged and was skipped")]
    public static partial void Damaged(ILogger logger, string file);
}
