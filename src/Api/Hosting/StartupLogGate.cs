using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Hosting;

/// <summary>
/// Keeps the host's own report of a failed start out of the log while the host starts: "Hosting failed to start", an
/// Error of category <c>Microsoft.Extensions.Hosting.Internal.Host</c> with the exception and its stack trace.
/// Program reports the failure itself, in one line (<see cref="StartupFailure"/>). The gate wraps the filter of every
/// rule instead of adding a rule for that category, so the configured levels stay as they are. <see cref="Open"/>,
/// called when the host has started (<c>ApplicationStarted</c>, also under WebApplicationFactory), lets the host's
/// errors through again: a background service that faults later is logged as usual.
/// </summary>
internal sealed class StartupLogGate : IPostConfigureOptions<LoggerFilterOptions>
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private volatile bool _open;

    public void Open() => _open = true;

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var filter = rule.Filter;
            rules[i] = new LoggerFilterRule(
                rule.ProviderName,
                rule.CategoryName,
                rule.LogLevel,
                (provider, category, level) => Allows(category, level) && (filter is null || filter(provider, category, level)));
        }

        // Where no rule applies the factory uses MinLevel without a filter; this rule is the same level with the gate,
        // and first, so that any rule of the same scope (a configured "Default") still wins over it.
        rules.Insert(0, new LoggerFilterRule(null, null, options.MinLevel, (_, category, level) => Allows(category, level)));
    }

    private bool Allows(string? category, LogLevel level) =>
        _open || level < LogLevel.Error || !string.Equals(category, HostCategory, StringComparison.Ordinal);
}
