namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>Lets a writer held by <see cref="LogWriter.HoldNextGroup"/> take its group.</summary>
internal sealed class GroupRelease(ManualResetEventSlim released) : IDisposable
{
    public void Dispose() => released.Set();
}
