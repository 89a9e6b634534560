using System.Net.Sockets;
using CleanEventStore.Client;

namespace CleanEventStore.Cli;

/// <summary>One line for a failure a command did not handle itself.</summary>
internal static class Failures
{
    public static string Describe(Exception exception) => exception switch
    {
        EventStoreAuthenticationException e => $"the server refused the credential ({(int)e.StatusCode}): give an API key with --api-key or CES_API_KEY. {e.Message}",
        EventStoreForbiddenException e => $"the credential lacks the scope this command needs ({(int)e.StatusCode}): {e.Message}",
        EventStoreException e => $"the server answered {(int)e.StatusCode}{(e.Code is { } code ? " " + code : "")}: {e.Message}",
        HttpRequestException { InnerException: SocketException socket } e => $"cannot reach the server ({socket.SocketErrorCode}): {e.Message}",
        HttpRequestException e => $"cannot reach the server: {e.Message}",
        TaskCanceledException => "the server did not answer in time.",
        InvalidDataException e => e.Message,
        IOException e => e.Message,
        UnauthorizedAccessException e => e.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
