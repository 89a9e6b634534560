using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>The configuration section <c>EventStore:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    public const string SectionName = "EventStore:Postgres";

    /// <summary>An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long a group commit waits for the store's write lock before it fails (503).</summary>
    public int LockTimeoutMs { get; set; } = 5_000;

    /// <summary>
    /// How long one group transaction may take, from taking a connection to its <c>COMMIT</c>. Past it the group is
    /// cancelled: Npgsql cancels the running statement (and breaks the connection when the server does not answer the
    /// cancellation within the connection string's <c>Cancellation Timeout</c>), the transaction rolls back, and every
    /// operation of the group fails as unavailable (<see cref="Domain.Errors.StorageUnavailableException"/>, 503 at the
    /// edge); the writer goes on with the next group on another connection. A hung database therefore fails commits
    /// after about this long instead of holding them forever. A cancellation that arrives during the <c>COMMIT</c>
    /// itself leaves the outcome unknown to the caller (retries carry idempotency keys for this). At least
    /// <see cref="LockTimeoutMs"/>.
    /// </summary>
    public int GroupTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// The largest commit, in bytes of its stored documents (each event's document repeats the commit's metadata) plus
    /// its idempotency record; a larger one is refused with <c>TooLarge</c> (413 at the edge) before it is queued, as
    /// the embedded engine refuses one that does not fit in a segment. At least 1 MiB.
    /// </summary>
    public long MaxCommitBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// How many recent <c>Idempotency-Key</c>s are kept for commit retries (0: none). The policy is bounded like the
    /// embedded engine's first-in-first-out table, but pruned in batches: each node counts the keys its group
    /// transactions insert, and once it has inserted <c>max(1, capacity / 8)</c> since its last prune, its next group
    /// transaction deletes every key older (by commit position) than the <c>IdempotencyKeyCapacity</c> most recent
    /// ones. The table therefore holds at most about <c>capacity + nodes x capacity / 8</c> keys, and a key is
    /// remembered for at least the next <c>capacity</c> keyed commits of all nodes. The prune runs under the write lock,
    /// in the group's transaction, so a retry never sees a half-pruned table.
    /// </summary>
    public int IdempotencyKeyCapacity { get; set; } = 100_000;

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

    /// <summary>Returns the configuration errors, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{SectionName}:ConnectionString must be set for the PostgreSQL provider.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException exception)
            {
                // Npgsql names the keyword it does not know ("Couldn't set hst"); the value itself may hold a password.
                errors.Add($"{SectionName}:ConnectionString is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        Positive(errors, LockTimeoutMs, nameof(LockTimeoutMs));
        Positive(errors, PollIntervalMs, nameof(PollIntervalMs));
        Positive(errors, MaxGroupOperations, nameof(MaxGroupOperations));
        Positive(errors, QueueCapacity, nameof(QueueCapacity));
        Positive(errors, ConsumerLeaseRetryMs, nameof(ConsumerLeaseRetryMs));

        if (GroupTimeoutMs < LockTimeoutMs)
        {
            errors.Add($"{SectionName}:GroupTimeoutMs must be at least LockTimeoutMs.");
        }

        if (MaxCommitBytes < 1024 * 1024)
        {
            errors.Add($"{SectionName}:MaxCommitBytes must be at least 1 MiB.");
        }

        if (IdempotencyKeyCapacity < 0)
        {
            errors.Add($"{SectionName}:IdempotencyKeyCapacity must not be negative.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, int value, string name)
    {
        if (value < 1)
        {
            errors.Add($"{SectionName}:{name} must be positive.");
        }
    }
}
