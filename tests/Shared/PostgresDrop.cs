using System.Diagnostics;
using Npgsql;

namespace CleanEventStore.Tests.Shared;

/// <summary>
/// Drops a test database, as the tests of both test projects do when they are done with it (this file is linked into
/// each). <c>DROP DATABASE … WITH (FORCE)</c> ends the sessions still connected, but gives them only five seconds to
/// exit before it fails with 55006 (object in use); on a loaded machine a backend can take longer (a store's writer in
/// the middle of a flush, a listener reconnecting), so the drop is retried until it succeeds or a deadline passes.
/// It is retried on 42501 (insufficient privilege) too: an autovacuum worker runs as the bootstrap superuser, and while
/// one is working in the database a role that is not a superuser may not terminate it, so <c>FORCE</c> fails (seen in
/// the server's log: "must be a member of the role whose process is being terminated"); the worker ends soon.
/// </summary>
internal static class PostgresDrop
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task DropAsync(NpgsqlConnection server, string database)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", server);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException exception) when ((exception.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege) && clock.Elapsed < Deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
