using System.Text;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// The grammar of the suite: picks a route of the API (or none), then fills it with pieces from
/// <see cref="HostileNames"/>, <see cref="HostileWindows"/>, <see cref="HostileJson"/>, <see cref="HostileHandlers"/>
/// and <see cref="HostileHeaders"/>, mostly valid ones, so that many requests pass the first check and reach the
/// deeper code. The sequence depends only on the seed: the same seed generates the same requests.
/// </summary>
public sealed class RequestGenerator
{
    /// <summary>
    /// The longest request target sent: Kestrel refuses a request line over 8 KB with a bare 414 before the application
    /// sees it, so a longer (deeply nested) query value is cut, which leaves it malformed.
    /// </summary>
    private const int MaxTargetLength = 7900;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FUZZ"];

    private readonly Random _random;
    private readonly long _maxBodyBytes;
    private readonly HostileNames _names;
    private readonly HostileWindows _windows;
    private readonly HostileJson _json;
    private readonly HostileHandlers _handlers;
    private readonly HostileHeaders _headers;

    /// <param name="seed">The seed of the whole sequence.</param>
    /// <param name="maxBodyBytes">The server's <c>EventStore:MaxRequestBodyBytes</c>, to send bodies just past it.</param>
    public RequestGenerator(int seed, long maxBodyBytes)
    {
        _random = new Random(seed);
        _maxBodyBytes = maxBodyBytes;
        _names = new HostileNames(_random);
        _windows = new HostileWindows(_random);
        _json = new HostileJson(_random, _names);
        _handlers = new HostileHandlers(_random);
        _headers = new HostileHeaders(_random);
    }

    public FuzzRequest Next()
    {
        var request = _random.Weighted(
            (3, ListStreams),
            (16, ReadStream),
            (5, StreamVersion),
            (24, Commit),
            (4, Close),
            (5, CreateMatcherStream),
            (8, Join),
            (6, Category),
            (10, Query),
            (6, PutConsumer),
            (3, GetConsumer),
            (3, WaitForConsumer),
            (2, DeleteConsumer),
            (2, Health),
            (5, UnknownRoute));

        var headers = _headers.Common();
        if (request.Headers is { } own)
        {
            headers.InsertRange(0, own);
        }

        return request with
        {
            Method = _random.Chance(0.06) ? _random.Pick(Methods) : request.Method,
            Target = OnTheWire(request.Target),
            Headers = headers,
        };
    }

    private FuzzRequest ListStreams() =>
        new("list streams", "GET", "/streams" + _random.Weighted((10, () => string.Empty), (1, () => "?filter=x&streams=a"), (1, () => "/"), (1, () => "//")));

    private FuzzRequest ReadStream() =>
        new("read stream", "GET", "/streams/" + _names.Path(_names.ValidName()) + _windows.Window() + QueryString(("filter", 0.3, _json.Matcher)));

    private FuzzRequest StreamVersion() =>
        new("stream version", "GET", "/streams/" + _names.Path(_names.ValidName()) + "/version" + QueryString());

    private FuzzRequest Commit()
    {
        var stream = _names.CommitName();
        var headers = new List<KeyValuePair<string, string>>();
        if (_random.Chance(0.15))
        {
            headers.Add(new("Idempotency-Key", _headers.IdempotencyKey()));
            if (_random.Chance(0.1))
            {
                headers.Add(new("Idempotency-Key", _headers.IdempotencyKey()));
            }
        }

        return new("commit", "POST", "/streams/" + _names.Path(stream, 0.15) + "/commit" + QueryString(), Body(() => _json.Commit(stream)), headers);
    }

    private FuzzRequest Close()
    {
        // The write streams of the pool stay open (so commits keep reaching them): a close names them only in spellings
        // that must be refused, never an alias of them.
        var path = _random.Weighted(
            (12, () => _names.Path(_random.Pick(HostileNames.ClosableStreams), 0.3)),
            (5, () => _names.Path(_names.ValidName() is var name && HostileNames.WriteStreams.Contains(name) ? "fzmissing-1" : name, 0.3)),
            (3, () => _names.BrokenPath(_random.Pick(HostileNames.WriteStreams))));
        var body = _random.Chance(0.1) ? Body(() => "{}") : null;
        return new("close", "POST", "/streams/" + path + "/close" + QueryString(), body);
    }

    private FuzzRequest CreateMatcherStream()
    {
        var stream = _random.Chance(0.6) ? _random.Pick(HostileNames.DerivedStreams) : _names.ValidName();
        return new("create matcher stream", "PUT", "/streams/" + _names.Path(stream) + QueryString(), Body(() => _random.Chance(0.3) ? "{\"matcher\":" + _json.Matcher() + "}" : _json.Matcher()));
    }

    private FuzzRequest Join()
    {
        var streams = string.Join(",", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => _names.JsonName()));
        var query = _random.Weighted(
            (5, () => QueryString(("streams", 1, () => streams), ("filter", 0.2, _json.Matcher))),
            (4, () => QueryString(("selector", 1, _json.Selector), ("filter", 0.2, _json.Matcher))),
            (1, () => QueryString(("streams", 1, () => streams), ("selector", 1, _json.Selector))),
            (1, () => QueryString()),
            (1, () => QueryString(("streams", 1, () => streams)) + "&streams=" + Uri.EscapeDataString(_names.JsonName())),
            (1, () => QueryString(("selector", 1, _json.Selector)) + "&selector=%22fz-1%22"));
        var tail = _random.Chance(0.9) ? _windows.Window() : "/" + _names.Path(_names.ValidName(), 0.5);
        return new("join", "GET", "/streams/join" + tail + query);
    }

    private FuzzRequest Category() =>
        new("category", "GET", "/streams/category/" + _names.Category() + _windows.Window() + QueryString(("filter", 0.25, _json.Matcher)));

    private FuzzRequest Query()
    {
        var from = _random.Chance(0.3) ? "/from/" + _windows.Revision() : string.Empty;
        var query = _random.Weighted(
            (4, () => QueryString(("query", 1, _json.DcbQuery), ("filter", 0.2, _json.Matcher))),
            (3, () => QueryString(("types", 1, () => string.Join(",", Enumerable.Range(0, _random.Next(0, 3)).Select(_ => _names.JsonName()))), ("filter", 0.2, _json.Matcher))),
            (3, () => QueryString(("selector", 1, _json.Selector), ("filter", 0.2, _json.Matcher))),
            (1, () => QueryString()),
            (1, () => QueryString(("types", 1, () => "FzPlaced"), ("types", 1, () => _names.JsonName()), ("selector", 0.5, _json.Selector), ("query", 0.5, _json.DcbQuery))),
            (1, () => QueryString(("filter", 1, _json.Matcher), ("filter", 1, _json.Matcher), ("types", 1, () => "FzPaid"))));
        if (_random.Chance(0.6))
        {
            return new("query", "GET", "/query" + from + query);
        }

        var body = _random.Chance(0.8) ? Body(() => _random.Chance(0.7) ? _json.DcbQuery() : _json.Matcher()) : null;
        return new("query (POST)", "POST", "/query" + from + query, body);
    }

    private FuzzRequest PutConsumer()
    {
        var stream = _names.Path(_random.Chance(0.85) ? _names.ValidName() : "fzmissing-" + _random.Next(5), 0.2);
        var from = _random.Chance(0.2) ? "/from/" + _windows.Amount() : string.Empty;
        return new("put consumer", "PUT", "/consumers/" + _names.ConsumerId() + "/stream/" + stream + from + QueryString(), Body(ConsumerBody));
    }

    private string ConsumerBody()
    {
        var handler = _random.Weighted(
            (12, () => "\"handler\":" + HostileJson.Literal(_handlers.Source())),
            (1, () => "\"handler\":" + _random.OneOf("1", "null", "[\"(e, s) => s\"]", "{}", "true")),
            (1, () => string.Empty),
            (1, () => "\"handler\":\"(e, s) => s\",\"handler\":" + HostileJson.Literal(_handlers.Source())));
        var state = _random.Chance(0.5) ? "\"state\":" + _json.State() : string.Empty;
        var body = "{" + string.Join(",", new[] { handler, state }.Where(member => member.Length > 0)) + "}";
        return _random.Chance(0.1) ? _json.Break(body) : body;
    }

    private FuzzRequest GetConsumer() =>
        _random.Chance(0.3) ? new("list consumers", "GET", "/consumers" + QueryString()) : new("get consumer", "GET", "/consumers/" + _names.ConsumerId() + QueryString());

    private FuzzRequest WaitForConsumer() =>
        new("wait for consumer", "GET", "/consumers/" + _names.ConsumerId() + _random.OneOf("/after/", "/after/", "/until/") + _windows.Position() + QueryString());

    private FuzzRequest DeleteConsumer() =>
        new("delete consumer", "DELETE", "/consumers/" + _names.ConsumerId() + QueryString());

    private FuzzRequest Health() =>
        new("health", "GET", _random.OneOf("/health", "/health/stats", "/health/", "/health/x", "/HEALTH") + QueryString());

    private FuzzRequest UnknownRoute()
    {
        var target = _random.Weighted(
            (3, () => _random.OneOf(
                "/", "/stream", "/streams/", "//streams", "/STREAMS/fz-1", "/api", "/query/x/y", "/query/from", "/query/from/1/x",
                "/consumers/", "/consumers//x", "/consumers/fzc-1/stream", "/consumers/fzc-1/stream/", "/consumers/fzc-1/after",
                "/consumers/fzc-1/x/1", "/%2Fstreams", "/streams%2Ffz-1", "/health/stats/x", "/favicon.ico", "/.well-known/x",
                "/streams/fz-1/commit/x", "/streams/join/x", "/streams/category", "/streams/category/", "/streams/fz-1/version/x",
                "/consumers/fzc-1/after/1/x", "/%25", "/..", "/./streams", "/streams/..", "/streams/%2e%2e/health", "/*"
            )),
            (1, () => "/" + _names.BrokenPath("fz-1")),
            (1, () => "/streams/" + _names.BrokenPath("fz-1") + "/" + _names.BrokenPath("fz-2")));
        var body = _random.Chance(0.3) ? Body(() => _json.Commit("fz-1")) : null;
        return new("unknown route", _random.Pick(Methods), target + QueryString(), body);
    }

    /// <summary>
    /// The target as it can go on the wire: every character that is not visible ASCII percent-encoded as UTF-8 (HttpClient
    /// sends a raw non-ASCII character of an uncanonicalised URI as NUL bytes, and Kestrel refuses raw controls and
    /// spaces before the application sees them), and at most <see cref="MaxTargetLength"/> characters.
    /// </summary>
    private static string OnTheWire(string target)
    {
        var text = new StringBuilder(target.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in target.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F)
            {
                text.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.Length <= MaxTargetLength ? text.ToString() : text.ToString(0, MaxTargetLength);
    }

    /// <summary>
    /// A body for <paramref name="json"/>: usually its UTF-8 bytes as JSON, else with another media type, empty, not
    /// UTF-8, chunked, or just larger than the server's limit.
    /// </summary>
    private FuzzBody Body(Func<string> json)
    {
        var contentType = _headers.ContentType();
        var chunked = _random.Chance(0.08);
        return _random.Weighted(
            (40, () => FuzzBody.Of(json(), contentType, chunked)),
            (1, () => FuzzBody.Of(string.Empty, contentType, chunked)),
            (1, () => new FuzzBody([0xFF, 0xFE, (byte)'{', 0x80, (byte)'}'], contentType, chunked)),
            (1, () => new FuzzBody(Encoding.Unicode.GetBytes("{\"events\":[{\"type\":\"FzPlaced\"}]}"), contentType, chunked)),
            (1, () => new FuzzBody(Encoding.UTF8.GetBytes("{\"events\":[{\"type\":\"FzPlaced\",\"s\":\"\u00e9") .Concat(new byte[] { 0xC3, (byte)'"', (byte)'}', (byte)']', (byte)'}' }).ToArray(), contentType, chunked)),
            (1, () => Oversized(contentType, chunked)));
    }

    private FuzzBody Oversized(string? contentType, bool chunked)
    {
        var size = _maxBodyBytes + _random.Next(1, 4096);
        var prefix = "{\"events\":[{\"type\":\"FzPlaced\",\"pad\":\"";
        var suffix = "\"}]}";
        var pad = new string('p', (int)size - prefix.Length - suffix.Length);
        return FuzzBody.Of(prefix + pad + suffix, contentType, chunked) with { ExpectContinue = true };
    }

    /// <summary>
    /// A query string of the given parameters (each present with its probability; values URL-encoded, sometimes left
    /// partly raw), sometimes with junk parameters and malformed escapes.
    /// </summary>
    private string QueryString(params (string Name, double Probability, Func<string> Value)[] parameters)
    {
        var parts = new List<string>();
        foreach (var (name, probability, value) in parameters)
        {
            if (_random.Chance(probability))
            {
                parts.Add(name + "=" + Encode(value()));
            }
        }

        if (_random.Chance(0.05))
        {
            parts.Add(_random.OneOf("x=1", "filter", "filter=", "selector=", "types=", "query=", "=1", "&", "%zz=%zz", "a=%", "a=%C3%28", "filter=%7B%ZZ", "types=%00", "a=b=c", "é=ü"));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }

    private string Encode(string value)
    {
        if (_random.Chance(0.9))
        {
            return Uri.EscapeDataString(value);
        }

        // Only what would end the value or the target is escaped: quotes, braces and brackets go raw.
        var text = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c is '&' or '#' or '%' or '+' or ' ' or '?' || c < 0x21 || c > 0x7E)
            {
                foreach (var b in Encoding.UTF8.GetBytes(rune.ToString()))
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                text.Append((char)c);
            }
        }

        return text.ToString();
    }
}
