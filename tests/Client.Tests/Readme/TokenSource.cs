namespace CleanEventStore.Client.Tests.Readme;

/// <summary>Stands for an application's token cache in the README's registration example; counts what it hands out.</summary>
public sealed class TokenSource
{
    private int _issued;

    public int Issued => Volatile.Read(ref _issued);

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _issued);
        return ValueTask.FromResult("a-token-the-server-ignores-without-auth");
    }
}
