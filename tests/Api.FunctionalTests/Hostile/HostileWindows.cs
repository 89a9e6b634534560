namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Read windows <c>[/from/{n}][/until/{n}][/forwards/{n}][/backwards/{n}]</c> and single revisions: mostly values
/// that resolve inside the streams the suite writes, then broken ones (0, junk, numbers beyond <c>long</c>, repeated
/// and conflicting pairs). Values past the end make the read long-poll, which costs a poll timeout, so they are
/// rare (<see cref="BeyondShare"/>).
/// </summary>
public sealed class HostileWindows(Random random)
{
    /// <summary>The share of revisions that lie past the end of every stream (a long-poll, answered at the timeout).</summary>
    public const double BeyondShare = 0.04;

    private static readonly string[] Names = ["from", "until", "forwards", "backwards"];

    private static readonly string[] BadNames = ["From", "to", "backward", "fromm", "%66rom", "until%20", "_all", "version"];

    private static readonly string[] InRange = ["1", "1", "2", "-1", "-1", "-2", "-1000", "start", "end", "-9223372036854775808", "-9223372036854775807", "-4611686018427387904"];

    private static readonly string[] Broken =
    [
        "0", "-0", "00", "+1", "%2B1", "1.5", "1e3", "0x1", "%201", "1%20", "abc", "START", "End", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999", "-99999999999999999999999", "%D9%A1", "١", "1,2", "%00", "-",
        "--1", "1-", "%2D1", "Infinity", "NaN", "%EF%BC%91",
    ];

    private static readonly string[] Beyond = ["40", "1000", "9223372036854775807", "9223372036854775806", "4611686018427387904"];

    private static readonly string[] Amounts = ["1", "1", "2", "3", "10", "1000", "9223372036854775807"];

    private static readonly string[] BrokenAmounts = ["0", "-1", "+1", "1.5", "abc", "9223372036854775808", "start", "end", "%201", "00", "-0", "١"];

    /// <summary>A window: empty (the whole stream) or one to four pairs, in any order.</summary>
    public string Window()
    {
        var pairs = random.Weighted((8, () => 0), (7, () => 1), (4, () => 2), (1, () => random.Next(3, 5)));
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < pairs; i++)
        {
            var name = random.Chance(0.95) ? random.Pick(Names) : random.Pick(BadNames);
            var value = name is "forwards" or "backwards" ? Amount() : Revision();
            text.Append('/').Append(name).Append('/').Append(value);
        }

        if (random.Chance(0.02))
        {
            text.Append(random.OneOf("/from", "/", "/until/1/", "/forwards", "//"));
        }

        return text.ToString();
    }

    /// <summary>A revision (<c>from</c>, <c>until</c>, <c>/query/from/…</c>).</summary>
    public string Revision() => random.Weighted(
        (70, () => random.Pick(InRange)),
        (25, () => random.Pick(Broken)),
        ((int)(BeyondShare * 100), () => random.Pick(Beyond)));

    /// <summary>A count (<c>forwards</c>, <c>backwards</c>, a consumer's <c>from</c>).</summary>
    public string Amount() => random.Chance(0.75) ? random.Pick(Amounts) : random.Pick(BrokenAmounts);

    /// <summary>A consumer position to wait for (<c>after/{n}</c>): reached, or past what the consumer can reach soon.</summary>
    public string Position() => random.Weighted(
        (20, () => "1"),
        (10, () => random.Pick(BrokenAmounts)),
        (2, () => random.Pick(Beyond)));
}
