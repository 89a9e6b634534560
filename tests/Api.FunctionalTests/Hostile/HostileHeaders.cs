namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Request headers (<c>Idempotency-Key</c>, <c>Accept</c>, odd and large ones) and body media types. Every value is
/// one Kestrel takes: visible ASCII, spaces and tabs, or UTF-8 (the suite's client sends header values as UTF-8), and
/// all of them together stay under Kestrel's 32 KB header limit.
/// </summary>
public sealed class HostileHeaders(Random random)
{
    private static readonly string[] Accepts =
    [
        "application/json", "*/*", "text/html", "application/xml", "application/x-ndjson", "application/problem+json",
        "text/plain;q=0", ";;;", "application/*", "image/png", "", "application/json;q=0", "*/*;q=0", "text/*, image/*",
        "application/problem+json;q=0, */*;q=0", "é/ü", "application/json; charset=utf-16",
    ];

    private static readonly string[] MediaTypes =
    [
        "application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json", "application/vnd.fuzz+json",
        "text/plain", "application/xml", "", "application/json; charset=utf-16", "application/json; charset=latin1",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ";", "application/", "json", "+json",
        "application/json;;;", "application/jsonx", "text/json", " application/json ", "application/json, text/plain", "é/ü",
    ];

    /// <summary>Headers for any request: mostly none, sometimes odd or large ones.</summary>
    public List<KeyValuePair<string, string>> Common()
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (random.Chance(0.12))
        {
            headers.Add(new("Accept", random.Pick(Accepts)));
        }

        if (random.Chance(0.04))
        {
            headers.Add(new("X-Fuzz", new string('h', random.OneOf(100, 4000, 16_000))));
        }

        if (random.Chance(0.03))
        {
            headers.Add(random.OneOf<KeyValuePair<string, string>>(
                new("Content-Encoding", "gzip"), new("Range", "bytes=0-1"), new("If-None-Match", "*"), new("Cookie", "a=b; c"),
                new("X-Forwarded-For", "not-an-ip"), new("X-Forwarded-Host", "evil.example"), new("Accept-Charset", "utf-7"),
                new("Accept-Encoding", "gzip, br"), new("traceparent", "00-zz-zz-00"), new("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                new("Idempotency-Key", "stray-" + random.Next(10)), new("X-HTTP-Method-Override", "DELETE"), new("X-Fuzz", "é日本\t")));
        }

        return headers;
    }

    /// <summary>An <c>Idempotency-Key</c> (a commit only): valid keys from a small pool, so that some are retries and some reuses.</summary>
    public string IdempotencyKey() => random.Weighted(
        (6, () => "fz-key-" + random.Next(30)),
        (1, () => random.OneOf("", " ", "a b", "\t", "k,k", "ключ", "é", "k\u00a0", "\"k\"")),
        (1, () => new string('k', random.OneOf(128, 129, 1000, 8000))));

    /// <summary>The media type of a body: JSON mostly, else wrong or none (null: no <c>Content-Type</c>).</summary>
    public string? ContentType() => random.Weighted(
        (20, () => FuzzBody.Json),
        (2, () => random.Pick(MediaTypes)),
        (1, () => null));
}
