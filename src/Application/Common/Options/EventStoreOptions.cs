namespace CleanEventStore.Application.Common.Options;

/// <summary>
/// The configuration section <c>EventStore</c>: every key can come from appsettings, the command line
/// (<c>--EventStore:StorageDirectory=./other</c>) or the environment (<c>EventStore__StorageDirectory</c>).
/// Settings that only a storage engine reads (the embedded engine's segment size and idempotency-key capacity) are
/// bound from the same section by that engine's own options class in Infrastructure. <see cref="StorageDirectory"/>
/// and <see cref="Durability"/> stay here: the consumer runtime's file persistence reads them too.
/// </summary>
public sealed class EventStoreOptions
{
    public const string SectionName = "EventStore";

    /// <summary>Data directory of the embedded engine.</summary>
    public string StorageDirectory { get; set; } = "./data";

    /// <summary>Payload path (dot-separated) whose string value names the event type and its derived stream; empty disables.</summary>
    public string TypeAccessor { get; set; } = "type";

    /// <summary>Payload path of a string array of tags, each deriving a stream <c>tags/&lt;tag&gt;</c>; empty disables.</summary>
    public string TagsAccessor { get; set; } = "tags";

    /// <summary>How long stream, join and category reads wait for events past the head.</summary>
    public int StreamPollTimeoutMs { get; set; } = 10_000;

    /// <summary>How long <c>GET /consumers/{id}/after/{n}</c> waits.</summary>
    public int ConsumerPollTimeoutMs { get; set; } = 10_000;

    /// <summary>Resume persisted consumers at start-up.</summary>
    public bool AutoStartConsumers { get; set; } = true;

    /// <summary>Size of the parsed-filter LRU cache; 0 disables caching.</summary>
    public int MatcherCacheSize { get; set; } = 100;

    /// <summary><see cref="DurabilityMode.Fsync"/> (every acknowledged commit is on disk) or <see cref="DurabilityMode.OsBuffered"/>.</summary>
    public DurabilityMode Durability { get; set; } = DurabilityMode.Fsync;

    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>How long a follow (<c>?follow=true</c>) may send nothing before it sends a heartbeat line with the committed head.</summary>
    public int FollowHeartbeatMs { get; set; } = 1000;

    /// <summary>Returns the configuration errors, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(StorageDirectory))
        {
            errors.Add("EventStore:StorageDirectory must not be empty.");
        }

        if (StreamPollTimeoutMs <= 0)
        {
            errors.Add("EventStore:StreamPollTimeoutMs must be positive.");
        }

        if (ConsumerPollTimeoutMs <= 0)
        {
            errors.Add("EventStore:ConsumerPollTimeoutMs must be positive.");
        }

        if (MatcherCacheSize < 0)
        {
            errors.Add("EventStore:MatcherCacheSize must not be negative.");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            errors.Add("EventStore:MaxRequestBodyBytes must be at least 1024.");
        }

        if (FollowHeartbeatMs < 10 || FollowHeartbeatMs > 3_600_000)
        {
            errors.Add("EventStore:FollowHeartbeatMs must be between 10 and 3600000.");
        }

        return errors;
    }
}
