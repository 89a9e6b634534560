namespace CleanEventStore.Cli;

/// <summary>The <c>ces</c> executable (a namespaced class, not top-level statements: the server's <c>Program</c> is global).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C ends the command cleanly (a tail exits 0, an import keeps its checkpoint); a second one kills.
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
        };

        return await CesApp.RunAsync(args, CliEnvironment.FromProcess(), interrupt.Token);
    }
}
