using System.Globalization;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Seed, request count and overall deadline of a run. CI uses the defaults, so every run sends the same requests; the
/// environment variables <c>CES_FUZZ_SEED</c> and <c>CES_FUZZ_REQUESTS</c> choose others for longer local runs (the
/// deadline grows with the count).
/// </summary>
public sealed record FuzzSettings(int Seed, int Requests, TimeSpan Deadline)
{
    public const int DefaultSeed = 20_250_917;

    public const int DefaultRequests = 4000;

    public const string SeedVariable = "CES_FUZZ_SEED";

    public const string RequestsVariable = "CES_FUZZ_REQUESTS";

    /// <summary>The time a run may take per request on average, on a loaded machine (a typical one takes a tenth).</summary>
    private static readonly TimeSpan PerRequest = TimeSpan.FromMilliseconds(60);

    private static readonly TimeSpan MinimumDeadline = TimeSpan.FromMinutes(3);

    public static FuzzSettings FromEnvironment(int defaultRequests = DefaultRequests)
    {
        var seed = Read(SeedVariable, DefaultSeed);
        var requests = Read(RequestsVariable, defaultRequests);
        var deadline = PerRequest * requests;
        return new FuzzSettings(seed, requests, deadline > MinimumDeadline ? deadline : MinimumDeadline);
    }

    private static int Read(string variable, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (variable == SeedVariable || value > 0)
            ? value
            : throw new InvalidOperationException($"{variable}={text} is not {(variable == SeedVariable ? "an integer" : "a positive integer")}.");
    }
}
