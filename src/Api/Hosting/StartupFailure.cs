using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Postgres;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Hosting;

/// <summary>
/// Why the server could not start: an exit code and a message for one line on stderr
/// (<c>CleanEventStore could not start: &lt;message&gt;</c>), without a stack trace. The failures are classified by
/// the exceptions thrown where they are known: <see cref="OptionsValidationException"/> (options validation and values
/// that do not convert), <see cref="DataDirectoryInUseException"/> (the data directory lock),
/// <see cref="StoreOpenException"/> (opening and recovering the store) and Kestrel's
/// <see cref="AddressInUseException"/>.
/// </summary>
internal sealed partial class StartupFailure
{
    public const string Prefix = "CleanEventStore could not start: ";

    private StartupFailure(StartupExitCode code, string message)
    {
        Code = code;
        Message = message;
    }

    public StartupExitCode Code { get; }

    public string Message { get; }

    /// <summary>
    /// A failure while the application is built, when only configuration is read: a malformed command line or value
    /// (<see cref="FormatException"/>), settings file (<see cref="InvalidDataException"/>) or a value that does not
    /// convert (<see cref="InvalidOperationException"/> from the configuration binder or the logging levels) is
    /// invalid configuration.
    /// </summary>
    public static StartupFailure WhileBuilding(Exception exception) => Classify(exception, building: true);

    /// <summary>
    /// A failure while the host starts: options are validated, the store opens, the server binds (an invalid
    /// <c>--urls</c> is a <see cref="FormatException"/>).
    /// </summary>
    public static StartupFailure WhileStarting(Exception exception) => Classify(exception, building: false);

    /// <summary>Writes the one line to <paramref name="error"/> and returns the exit code.</summary>
    public int Report(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine(Prefix + OneLine(Message));
        error.Flush();
        return (int)Code;
    }

    /// <summary>
    /// Logs the exception with its stack trace at Debug (category <c>CleanEventStore.Api.Hosting.StartupFailure</c>),
    /// which the default configuration does not show: the line on stderr is the report.
    /// </summary>
    public void LogDetails(ILogger logger, Exception exception) => LogFailed(logger, (int)Code, exception);

    private static StartupFailure Classify(Exception exception, bool building)
    {
        if (exception is AggregateException aggregate)
        {
            // Several failures at once (two invalid options sections): the first one's code, every message.
            var inner = aggregate.Flatten().InnerExceptions;
            var first = Classify(inner[0], building);
            return inner.Count == 1
                ? first
                : new StartupFailure(first.Code, string.Join(" ", inner.Select(e => Classify(e, building).Message)));
        }

        return exception switch
        {
            OptionsValidationException => new StartupFailure(StartupExitCode.InvalidConfiguration, exception.Message),
            DataDirectoryInUseException => new StartupFailure(StartupExitCode.DataDirectoryInUse, exception.Message),
            StoreOpenException => new StartupFailure(StartupExitCode.StoreOpenFailed, exception.Message),
            DatabaseOpenException => new StartupFailure(StartupExitCode.DatabaseUnavailable, exception.Message),
            _ when Find<AddressInUseException>(exception) is not null => new StartupFailure(
                StartupExitCode.ListenAddressInUse,
                $"{exception.Message} Stop the process that listens there or choose another address with --urls."),
            FormatException => Configuration(exception),
            InvalidDataException or InvalidOperationException when building => Configuration(exception),
            _ => new StartupFailure(StartupExitCode.Unexpected, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private static StartupFailure Configuration(Exception exception) => new(
        StartupExitCode.InvalidConfiguration,
        exception.InnerException is null ? exception.Message : $"{exception.Message} {exception.InnerException.Message}");

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Start-up failed (exit code {ExitCode})")]
    private static partial void LogFailed(ILogger logger, int exitCode, Exception exception);
}
