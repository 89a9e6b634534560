namespace CleanEventStore.Application.Common.Options;

/// <summary>
/// The configuration section <c>RateLimit</c>: a token bucket per caller (<see cref="PermitsPerSecond"/>, <see cref="Burst"/>;
/// off while <see cref="PermitsPerSecond"/> is 0) and caps on the waits a server holds open (long-poll reads and
/// consumer waits), in total and per authenticated caller, and on the follows apart from them. A request over a limit is
/// answered 429 with <c>Retry-After</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Requests per second each caller (API key, token subject, or client address without authentication) may make; 0 = no rate limit.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests a caller may make at once above the steady rate (the bucket's size); 0 = <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    /// <summary>Waits open at once on this server, from every caller together.</summary>
    public int MaxLongPolls { get; set; } = 10_000;

    /// <summary>Waits open at once per authenticated caller (without authentication only the total applies).</summary>
    public int MaxLongPollsPerCaller { get; set; } = 1_000;

    /// <summary>Follows (<c>?follow=true</c>) open at once on this server, from every caller together; counted apart from the long-polls.</summary>
    public int MaxFollowers { get; set; } = 10_000;

    /// <summary>Follows open at once per authenticated caller (without authentication only the total applies).</summary>
    public int MaxFollowersPerCaller { get; set; } = 1_000;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PermitsPerSecond < 0 || Burst < 0)
        {
            errors.Add("RateLimit:PermitsPerSecond and RateLimit:Burst must not be negative.");
        }

        if (MaxLongPolls < 1 || MaxLongPollsPerCaller < 1)
        {
            errors.Add("RateLimit:MaxLongPolls and RateLimit:MaxLongPollsPerCaller must be at least 1.");
        }

        if (MaxFollowers < 1 || MaxFollowersPerCaller < 1)
        {
            errors.Add("RateLimit:MaxFollowers and RateLimit:MaxFollowersPerCaller must be at least 1.");
        }

        return errors;
    }
}
