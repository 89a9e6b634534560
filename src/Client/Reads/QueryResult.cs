namespace CleanEventStore.Client;

/// <summary>
/// The answer of a DCB query: the <see cref="Condition"/> that protects a decision taken on its events, and the
/// events themselves, which stream in as the result is enumerated (once). Dispose it to release the connection (an
/// enumeration that runs to its end releases it too).
/// </summary>
public sealed class QueryResult : IAsyncEnumerable<RecordedEvent>, IAsyncDisposable
{
    /// <summary>The response header that carries the condition.</summary>
    public const string ConditionHeader = "x-event-store-query-condition";

    private readonly HttpRequestMessage _request;
    private readonly HttpResponseMessage _response;
    private readonly int _maxLineBytes;
    private int _enumerated;

    internal QueryResult(HttpRequestMessage request, HttpResponseMessage response, CommitCondition condition, int maxLineBytes)
    {
        _request = request;
        _response = response;
        _maxLineBytes = maxLineBytes;
        Condition = condition;
    }

    /// <summary>The condition to commit the decision with: no event the query selects was committed after <see cref="CommitCondition.NoneMatchAfter"/>.</summary>
    public CommitCondition Condition { get; }

    /// <summary>The events, in global order, as they arrive.</summary>
    /// <exception cref="InvalidOperationException">The result was already enumerated.</exception>
    public async IAsyncEnumerator<RecordedEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("The events of a query result can be enumerated once.");
        }

        try
        {
            await foreach (var recorded in EventStoreClient.ReadBodyAsync(_response, _maxLineBytes, cancellationToken))
            {
                yield return recorded;
            }
        }
        finally
        {
            await DisposeAsync();
        }
    }

    /// <summary>Releases the response (and its connection).</summary>
    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        _request.Dispose();
        return ValueTask.CompletedTask;
    }
}
