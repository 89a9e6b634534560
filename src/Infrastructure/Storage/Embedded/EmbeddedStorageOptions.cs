namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// The settings only the embedded engine reads, bound from the same section and keys as the shared options
/// (<c>EventStore:SegmentSizeBytes</c>, <c>EventStore:IdempotencyKeyCapacity</c>). The data directory and the
/// durability policy stay in the Application's <c>EventStoreOptions</c>: the consumer file store reads them too.
/// </summary>
public sealed class EmbeddedStorageOptions
{
    public const string SectionName = "EventStore";

    /// <summary>How many recent <c>Idempotency-Key</c>s are remembered (and persisted) for commit retries.</summary>
    public int IdempotencyKeyCapacity { get; set; } = 100_000;

    /// <summary>Maximum size of one log segment file.</summary>
    public long SegmentSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Returns the configuration errors, empty when the options are usable. A segment must hold the largest commit a
    /// request can carry, so the check needs <paramref name="maxRequestBodyBytes"/> (<c>EventStore:MaxRequestBodyBytes</c>).
    /// </summary>
    public IReadOnlyList<string> Validate(long maxRequestBodyBytes)
    {
        var errors = new List<string>();
        if (IdempotencyKeyCapacity < 0)
        {
            errors.Add("EventStore:IdempotencyKeyCapacity must not be negative.");
        }

        if (SegmentSizeBytes < 1024 * 1024 || SegmentSizeBytes > 1L << 40)
        {
            errors.Add("EventStore:SegmentSizeBytes must be between 1 MiB and 1 TiB.");
        }
        else if (SegmentSizeBytes < 2 * maxRequestBodyBytes + 65_536)
        {
            errors.Add("EventStore:SegmentSizeBytes must be at least twice MaxRequestBodyBytes, so that every commit fits in a segment.");
        }

        return errors;
    }
}
