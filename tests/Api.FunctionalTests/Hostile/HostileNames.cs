namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Stream names, categories and consumer identifiers, as path text (exactly what goes between the slashes of the
/// request target) or as JSON string values. Valid names come from small pools, so that requests meet streams that
/// exist (and commits, closes and matcher streams collide with each other); broken ones are every spelling the
/// namespace rules refuse, and mutations of valid ones.
/// </summary>
public sealed class HostileNames(Random random)
{
    /// <summary>Write streams that no valid request closes (the closable ones are <see cref="ClosableStreams"/>).</summary>
    public static readonly string[] WriteStreams = ["fz-1", "fz-2", "fz-3", "fz/eu/1", "fz/eu/2", "fz:a@b~c+d=e#f.g", "orders-1", "orders/eu/7"];

    public static readonly string[] ClosableStreams = ["fzclose-1", "fzclose-2", "fzclose-3", "fzclose/x/4", "fzclose-5", "fzclose-6"];

    /// <summary>Event types (each becomes a type stream) and tags (each a stream <c>tags/…</c>).</summary>
    public static readonly string[] Types = ["FzPlaced", "FzPaid", "FzShipped", "fz.Type-2"];

    public static readonly string[] Tags = ["t1", "t2", "eu", "course:c1"];

    public static readonly string[] DerivedStreams = ["fz-big", "fzderived/1", "fzderived/2"];

    public static readonly string[] Categories = ["fz", "fz/eu", "orders", "fzclose", "fzderived", "tags", "Fz", "FzPlaced"];

    public static readonly string[] ConsumerIds = ["fzc-1", "fzc-2", "fzc_3"];

    /// <summary>Path segments that are not a valid name segment, or not the segment they look like.</summary>
    private static readonly string[] BadSegments =
    [
        "", ".", "..", "%2e", "%2E%2e", ".%2E", "%25", "%252F", "%252e", "%2F", "%2f", "%", "%G0", "%2", "%zz", "%%",
        "%C3%A9", "%E2%9C%93", "%F0%9F%98%80", "%EF%BB%BF", "%C3%28", "%FF", "%80%80", "%ED%A0%80", "%C0%AF", "%00",
        "%0A", "%0D%0A", "%7F", "%01", "%09", "%20", "+", "a%20b", "_all", "_x", "_", "join", "category", "version",
        "commit", "close", "from", "until", "forwards", "backwards", "stream", "tags", "-a", "a-", "a--b", "a..b", "a.",
        ";", "a;b=c", "%3B", "%3F", "%23", "%22", "%3C%3E", "%5C", "a%5Cb", "|", "'", "*", "!", "$", "&", "(", ")", ",",
        "é", "日本", "Ω", "%E2%80%AE", "0", "-1", "9223372036854775808",
    ];

    private static readonly string[] Separators = ["/", "/", "/", "-", ":", "@", "~", "+", "=", "%23", ".", "%2F", "%2f"];

    private static readonly string[] BadSeparators = ["//", "%2F%2F", "%2F/", "/%2F", "%252F", "_", ",", ";", "%20", "%5C", "%2E", "/./", "/../", "--", ".."];

    /// <summary>A valid name of any kind (may not exist yet).</summary>
    public string ValidName() => random.Weighted(
        (8, () => random.Pick(WriteStreams)),
        (2, () => random.Pick(ClosableStreams)),
        (2, () => random.Pick(Types)),
        (2, () => "tags/" + random.Pick(Tags)),
        (1, () => random.Pick(DerivedStreams)),
        (1, () => "_all"),
        (1, () => "fzmissing-" + random.Next(100)));

    /// <summary>A valid name for a commit: mostly write streams, sometimes one of another kind (which the store refuses).</summary>
    public string CommitName() => random.Weighted(
        (14, () => random.Pick(WriteStreams)),
        (2, () => random.Pick(ClosableStreams)),
        (2, ValidName),
        (1, () => "fznew-" + random.Next(40)));

    /// <summary>The path text of a stream name: mostly <paramref name="valid"/> spelled correctly, else broken.</summary>
    public string Path(string valid, double brokenShare = 0.3) => random.Chance(brokenShare) ? BrokenPath(valid) : Spell(valid);

    /// <summary>A valid name as path text: <c>#</c> escaped, <c>/</c> plain or as <c>%2F</c> (both name it).</summary>
    public string Spell(string name)
    {
        var text = name.Replace("#", "%23", StringComparison.Ordinal);
        return random.Chance(0.2) ? text.Replace("/", random.Chance(0.5) ? "%2F" : "%2f", StringComparison.Ordinal) : text;
    }

    /// <summary>A spelling the namespace rules refuse, or that names something else than it seems to.</summary>
    public string BrokenPath(string valid) => random.Weighted(
        (3, () => random.Pick(BadSegments)),
        (4, Composed),
        (5, () => Mutate(Spell(valid))),
        (1, () => new string('a', random.OneOf(256, 257, 300, 1000))),
        (1, () => string.Join("/", Enumerable.Repeat("a", random.OneOf(128, 129, 200))))
    );

    /// <summary>A category path: a valid category (which may have members) or a broken one.</summary>
    public string Category() => random.Chance(0.75) ? Spell(random.Pick(Categories)) : BrokenPath(random.Pick(Categories));

    /// <summary>A consumer identifier as path text.</summary>
    public string ConsumerId() => random.Weighted(
        (10, () => random.Pick(ConsumerIds)),
        (1, () => "fzc-missing"),
        (1, () => random.Pick(BadSegments)),
        (1, () => "fzc%2F1"),
        (1, () => "fzc%252F1"),
        (1, () => "fzc.1"),
        (1, () => "fzc%201"),
        (1, () => new string('c', random.OneOf(128, 129, 257, 1000))),
        (1, () => "%C3%A9"),
        (1, () => "fzc-1%00"));

    /// <summary>A string for a name inside JSON (a type, tag, selector leaf, join stream): valid or broken, unescaped.</summary>
    public string JsonName() => random.Weighted(
        (10, ValidName),
        (2, () => random.Pick(Types)),
        (1, () => random.OneOf(
            "", " ", "bad..type", "a//b", "/a", "a/", "tags/", "tags/x", "tags/tags/x", "join", "join/x", "category/x", "x/version",
            "x/from/3", "x/until/end", "x/forwards/2", "_all", "_hidden", "é", "日本", "a b", "a\u0000b", "a\nb", "\ud800", "%2F",
            "a%2Fb", "a%25", ".", "..", new string('t', 257), new string('t', 256), "fz-1", "fz-big", "FzPlaced", "tags/t1"
        )));

    private string Composed()
    {
        var count = random.Next(1, 5);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(random.Chance(0.8) ? random.Pick(Separators) : random.Pick(BadSeparators));
            }

            text.Append(random.Chance(0.7) ? "s" + random.Next(10) : random.Pick(BadSegments));
        }

        return text.ToString();
    }

    private string Mutate(string path) => random.Weighted(
        (2, () => random.Pick(Separators) + path),
        (2, () => path + random.Pick(Separators)),
        (2, () => path + random.OneOf("/version", "/commit", "/close", "/from/3", "/until/end", "/from/x", "/forwards/1", "/join", "/stream")),
        (1, () => random.OneOf("join/", "category/", "tags/", "_all/", "consumers/") + path),
        (2, () => Insert(path, random.Pick(BadSeparators))),
        (2, () => Insert(path, random.Pick(BadSegments))),
        (1, () => path.ToUpperInvariant()),
        (1, () => path.Length > 1 ? path[..random.Next(1, path.Length)] : path),
        (1, () => string.Concat(Enumerable.Repeat(path + "-", random.Next(20, 40)))));

    private string Insert(string path, string piece)
    {
        var at = random.Next(path.Length + 1);
        return path[..at] + piece + path[at..];
    }
}
