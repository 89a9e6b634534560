using System.Net;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>
/// Sits between the client's retries and the network and spoils the first attempt of each request it is told to: it
/// either answers 503 without sending it (<see cref="Fault.UnavailableBeforeSending"/>) or sends it, lets the server
/// do its work, and then throws as if the connection had been lost before the answer arrived
/// (<see cref="Fault.LoseTheAnswer"/>). Records the <c>Idempotency-Key</c> of every attempt.
/// </summary>
public sealed class FaultInjectionHandler(FaultInjectionHandler.Fault fault, int spoiled = 1) : DelegatingHandler
{
    private int _attempts;
    private readonly List<string?> _keys = [];

    public enum Fault
    {
        UnavailableBeforeSending,
        LoseTheAnswer,
    }

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<string?> Keys
    {
        get
        {
            lock (_keys)
            {
                return [.. _keys];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        lock (_keys)
        {
            _keys.Add(request.Headers.TryGetValues("Idempotency-Key", out var values) ? values.Single() : null);
        }

        if (attempt > spoiled)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (fault == Fault.UnavailableBeforeSending)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        }

        using var lost = await base.SendAsync(request, cancellationToken);
        throw new HttpRequestException($"The connection was lost after the server answered {(int)lost.StatusCode} (injected).");
    }
}
