using System.Globalization;
using System.Text;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// What a run sent and got: statuses per route, the most frequent refusals (to see which checks the generator stops
/// at), and how many answers took a poll timeout or more (long-polls, which cost time).
/// </summary>
public sealed class FuzzStatistics(TimeSpan pollTimeout)
{
    private const int ShownErrors = 15;

    private readonly SortedDictionary<string, SortedDictionary<int, int>> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _slow;
    private TimeSpan _slowest;
    private string _slowestRequest = string.Empty;

    public int Sent { get; private set; }

    public void Add(FuzzRequest request, int status, TimeSpan elapsed, string? error = null)
    {
        Sent++;
        if (!_statuses.TryGetValue(request.Route, out var counts))
        {
            _statuses[request.Route] = counts = [];
        }

        counts[status] = counts.GetValueOrDefault(status) + 1;
        if (error is not null)
        {
            var key = $"{status} {(error.Length > 90 ? error[..90] + "…" : error)}";
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
        }

        if (elapsed >= pollTimeout)
        {
            _slow++;
        }

        if (elapsed > _slowest)
        {
            _slowest = elapsed;
            _slowestRequest = $"{request.Method} {(request.Target.Length > 80 ? request.Target[..80] + "…" : request.Target)}";
        }
    }

    public int Count(string route, int status) =>
        _statuses.TryGetValue(route, out var counts) ? counts.GetValueOrDefault(status) : 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (route, counts) in _statuses)
        {
            text.Append("  ").Append(route).Append(": ").AppendJoin(", ", counts.Select(pair => $"{pair.Key}×{pair.Value}")).Append('\n');
        }

        text.Append("  most frequent refusals:\n");
        foreach (var (error, count) in _errors.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(ShownErrors))
        {
            text.Append("    ").Append(count).Append("× ").Append(error).Append('\n');
        }

        return text.Append("  answers that took a poll timeout or more: ").Append(_slow)
            .Append("; slowest ").Append(_slowest.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)).Append(" ms: ").Append(_slowestRequest)
            .ToString();
    }
}
