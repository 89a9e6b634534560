namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>What <see cref="LogScanner.Next"/> found.</summary>
internal enum ScanStep
{
    /// <summary>An intact record: <see cref="LogScanner.Header"/>, <see cref="LogScanner.Body"/> and its addresses.</summary>
    Record,

    /// <summary>The end of the data in the last segment.</summary>
    End,

    /// <summary>A torn tail (incomplete or damaged, and nothing intact after it): <see cref="LogScanner.TornReason"/>.</summary>
    Torn,
}
