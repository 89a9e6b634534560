namespace CleanEventStore.Infrastructure.Storage.Postgres.Schema;

/// <summary>
/// The versioned schema migrations, applied in order by <see cref="SchemaMigrator"/>. A migration is never edited once
/// released: a change is a new entry. Every statement is idempotent, so a migration that was applied but whose
/// <c>schema_version</c> row was lost can run again.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Key of the transaction-scoped advisory lock that serialises migrations of one database.</summary>
    public const long MigrationLockKey = 0x4345_535F_5343_4845; // "CES_SCHE"

    /// <summary>The channel the writers NOTIFY with the new head.</summary>
    public const string Channel = "ces_head";

    /// <summary>The channel every change of a consumer (definition, progress, deletion) is NOTIFYed on, with its identifier.</summary>
    public const string ConsumerChannel = "ces_consumers";

    /// <summary>
    /// First key of the session advisory locks that lease consumers (<c>pg_try_advisory_lock(int, int)</c>; the second
    /// key is a hash of the consumer's identifier). The two-key form never meets <see cref="MigrationLockKey"/>.
    /// </summary>
    public const int ConsumerLockClass = 0x4345_5343; // "CESC"

    /// <summary>Kinds as stored in <c>streams.kind</c> (the values of <see cref="Domain.Streams.StreamKind"/>).</summary>
    public const short Write = 0;

    public const short Derived = 3;

    public static IReadOnlyList<(int Version, string Sql)> Migrations { get; } =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS head (
                id int PRIMARY KEY CHECK (id = 1),
                position bigint NOT NULL,
                streams bigint NOT NULL);
            INSERT INTO head (id, position, streams) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING;

            CREATE TABLE IF NOT EXISTS streams (
                id bigint PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE,
                kind smallint NOT NULL,
                version bigint NOT NULL,
                closed boolean NOT NULL DEFAULT false,
                matcher text,
                created_at bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS streams_derived ON streams (id) WHERE kind = 3;

            CREATE TABLE IF NOT EXISTS events (
                position bigint PRIMARY KEY,
                stream_id bigint NOT NULL,
                document bytea NOT NULL);

            CREATE TABLE IF NOT EXISTS memberships (
                stream_id bigint NOT NULL,
                revision bigint NOT NULL,
                position bigint NOT NULL,
                PRIMARY KEY (stream_id, revision));
            CREATE UNIQUE INDEX IF NOT EXISTS memberships_position ON memberships (stream_id, position) INCLUDE (revision);

            CREATE TABLE IF NOT EXISTS idempotency (
                key text COLLATE "C" PRIMARY KEY,
                request_hash bytea NOT NULL,
                stream text NOT NULL,
                commit_id bigint NOT NULL,
                committed_at bigint NOT NULL,
                stream_version bigint NOT NULL);
            """),
        (2, """
            CREATE SEQUENCE IF NOT EXISTS consumer_generations;

            CREATE TABLE IF NOT EXISTS consumer_definitions (
                id text COLLATE "C" PRIMARY KEY,
                generation bigint NOT NULL,
                creation_order bigint NOT NULL,
                stream text COLLATE "C" NOT NULL,
                handler text NOT NULL,
                initial_state text NOT NULL,
                from_position bigint NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now());

            CREATE TABLE IF NOT EXISTS consumer_progress (
                id text COLLATE "C" PRIMARY KEY REFERENCES consumer_definitions (id) ON DELETE CASCADE,
                generation bigint NOT NULL,
                sequence bigint NOT NULL,
                position bigint NOT NULL,
                state text NOT NULL,
                error text,
                failed_revision bigint,
                updated_at timestamptz NOT NULL DEFAULT now());
            """),
    ];
}
