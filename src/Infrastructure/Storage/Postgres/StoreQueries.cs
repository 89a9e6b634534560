using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Postgres.Reading;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>The read-only questions about streams and versions, each one statement (one snapshot).</summary>
internal sealed class StoreQueries(NpgsqlDataSource dataSource, IMatcherParser matchers)
{
    private const string StreamColumns = "name, kind, version, closed, matcher";
    private const int ListPage = 1000;

    public async ValueTask<StreamInfo?> GetStreamAsync(StreamName stream, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (stream.IsAll)
        {
            return new StreamInfo(stream, StreamKind.All, await PostgresReader.HeadAsync(connection, cancellationToken), false, null);
        }

        await using var command = new NpgsqlCommand($"SELECT {StreamColumns} FROM streams WHERE name = @name", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("name", stream.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Describe(reader) : null;
    }

    public async IAsyncEnumerable<StreamInfo> ListStreamsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = new List<StreamInfo>(ListPage);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await using (var command = new NpgsqlCommand($"SELECT id, {StreamColumns} FROM streams WHERE id > @after ORDER BY id LIMIT {ListPage}", connection))
            {
                command.Parameters.Add(new NpgsqlParameter<long>("after", after));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    after = reader.GetInt64(0);
                    page.Add(Describe(reader, 1));
                }
            }

            foreach (var stream in page)
            {
                yield return stream;
            }

            if (page.Count < ListPage)
            {
                yield break;
            }
        }
    }

    private long _versionQueries;

    /// <summary>Version look-ups of streams and categories so far (for tests of the wake-ups).</summary>
    public long VersionQueries => Interlocked.Read(ref _versionQueries);

    public async ValueTask<SourceVersion?> GetVersionAsync(ReadSource source, CancellationToken cancellationToken)
    {
        if (source is ReadSource.Category or ReadSource.Stream { Name.IsAll: false })
        {
            Interlocked.Increment(ref _versionQueries);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
            case ReadSource.Join:
                return new SourceVersion(await PostgresReader.HeadAsync(connection, cancellationToken), Closed: false);
            case ReadSource.Stream stream:
                await using (var command = new NpgsqlCommand("SELECT version, closed FROM streams WHERE name = @name", connection))
                {
                    command.Parameters.Add(new NpgsqlParameter<string>("name", stream.Name.Value));
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    return await reader.ReadAsync(cancellationToken) ? new SourceVersion(reader.GetInt64(0), reader.GetBoolean(1)) : null;
                }

            case ReadSource.Category category:
                var head = await PostgresReader.HeadAsync(connection, cancellationToken);
                return await PostgresReader.CategoryExistsAsync(connection, category.Name, cancellationToken) ? new SourceVersion(head, Closed: false) : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    /// <summary>The head, the number of streams and an estimate of the membership rows.</summary>
    public async ValueTask<(long Head, long Streams, long Memberships)> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT h.position, h.streams, coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = 'memberships'::regclass), 0) FROM head h WHERE h.id = 1",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1), Math.Max(0, reader.GetInt64(2))) : (0, 0, 0);
    }

    private StreamInfo Describe(NpgsqlDataReader reader, int first = 0)
    {
        Matcher? matcher = reader.IsDBNull(first + 4) ? null : matchers.Parse(reader.GetString(first + 4), "matcher").Value;
        return new StreamInfo(
            StreamName.FromTrusted(reader.GetString(first)),
            (StreamKind)reader.GetInt16(first + 1),
            reader.GetInt64(first + 2),
            reader.GetBoolean(first + 3),
            matcher);
    }
}
