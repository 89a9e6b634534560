namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>The configuration section <c>EventStore:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    public const string SectionName = "EventStore:Postgres";

    /// <summary>An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long a group commit waits for the store's write lock before it fails (503).</summary>
    public int LockTimeoutMs { get; set; } = 5_000;

    /// <summary>The safety-net poll of waiters, in case a notification is lost (a dropped LISTEN connection).</summary>
    public int PollIntervalMs { get; set; } = 2_000;

    /// <summary>Most operations one group transaction takes.</summary>
    public int MaxGroupOperations { get; set; } = 1_024;

    /// <summary>Capacity of the writer's queue; producers wait when it is full.</summary>
    public int QueueCapacity { get; set; } = 16 * 1024;

    /// <summary>
    /// How often each node looks at the consumers in the database and retries the leases it does not hold, in
    /// milliseconds: a consumer whose node died is taken over within about this long after PostgreSQL ended that
    /// node's session. Changes from other nodes arrive sooner by NOTIFY; this is also their safety-net poll.
    /// </summary>
    public int ConsumerLeaseRetryMs { get; set; } = 1_000;
}
