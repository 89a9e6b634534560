using System.Globalization;
using System.Text;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// JSON texts for bodies and query values: commits, matchers, selectors, DCB queries, commit conditions and consumer
/// states. Each is valid (and aimed at the streams of <see cref="HostileNames"/>) most of the time, and otherwise
/// wrong in one of the ways a hostile client can be: malformed or truncated JSON, deep nesting, numbers no type
/// holds, duplicate keys, lone surrogates, wrong types, reserved keys.
/// </summary>
public sealed class HostileJson(Random random, HostileNames names)
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "3", "1.5", "-0", "1e3", "1E-400", "1e400", "-1e400", "123456789012345678901234567890",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "0.1", "1.0",
        "18446744073709551616", "4.9e-324",
    ];

    private static readonly string[] Malformed =
    [
        "", " ", "{", "}", "[", "]", "{]", "[}", "{\"events\":", "{\"events\":[", "{\"events\":[{]}", "{\"events\":[{\"type\":}]}",
        "{'events':[]}", "{events:[]}", "{\"events\":[],}", "{\"events\":[1,]}", "{\"a\":1 \"b\":2}", "nul", "tru", "NaN",
        "Infinity", "-", "01", "1.", ".5", "+1", "\"unterminated", "\"\\x41\"", "\"\\u12\"", "\"\\ud800\"", "{\"a\":\"\\\"}",
        "/* comment */ {}", "{} // comment", "{}{}", "{} x", "[] []", "\u0000", "{\u0000}", "\ufeff{}", "{\"\u0001\":1}",
        "{\"a\":\"\t\"}", "{\"a\":\"\n\"}", "null", "true", "1", "\"string\"", "[]", "[{}]",
    ];

    private static readonly string[] Operators = ["$gt", "$gte", "$lt", "$lte", "$eq", "$ne", "$has", "$hasAny", "$foo", "$", "$GT", "", "$and", "$or", "$regex"];

    private static readonly string[] FieldNames = ["type", "n", "s", "tags", "x", "commitId", "streamVersion", "committedAt", "requestId", "é", "a.b", "$gt", ""];

    private static readonly string[] Reserved = ["commitId", "committedAt", "commitVersion", "commitSize", "streamVersion", "position"];

    /// <summary>A JSON string literal of <paramref name="value"/>: quotes, backslashes and controls escaped, lone surrogates as <c>\uXXXX</c>, other non-ASCII raw.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                : !char.IsLowSurrogate(c) || (i > 0 && char.IsHighSurrogate(value[i - 1]));
            if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || !paired)
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary><paramref name="depth"/> nested arrays (or objects) around <paramref name="inner"/>.</summary>
    public static string Nested(int depth, string inner = "1", bool objects = false)
    {
        var open = objects ? "{\"a\":" : "[";
        var close = objects ? "}" : "]";
        return string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));
    }

    public string Number() => random.Pick(Numbers);

    /// <summary>A commit body: <c>{"events":[…], "expectedVersion"?, "metadata"?, "condition"?}</c>, possibly broken as a whole.</summary>
    public string Commit(string stream)
    {
        var members = new List<string>();
        if (random.Chance(0.96))
        {
            members.Add("\"events\":" + Events(stream));
        }

        if (random.Chance(0.35))
        {
            members.Add("\"expectedVersion\":" + ExpectedVersion());
        }

        if (random.Chance(0.3))
        {
            members.Add("\"metadata\":" + Metadata());
        }

        if (random.Chance(0.15))
        {
            members.Add("\"condition\":" + Condition());
        }

        if (random.Chance(0.05))
        {
            members.Add(random.OneOf("\"events\":[{\"type\":\"FzPaid\"}]", "\"unknown\":" + Any(), "\"events\":null", "\"expectedVersion\":\"any\"", "\"EVENTS\":[]"));
        }

        Shuffle(members);
        var body = "{" + string.Join(",", members) + "}";
        return random.Chance(0.12) ? Break(body) : body;
    }

    /// <summary>The events array of a commit: one to three events, sometimes none or many.</summary>
    public string Events(string stream) => random.Weighted(
        (30, () => "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Event(stream))) + "]"),
        (1, () => "[]"),
        (1, () => "[" + string.Join(",", Enumerable.Range(0, random.Next(20, 200)).Select(_ => ValidEvent())) + "]"),
        (1, () => random.OneOf("{}", "null", "1", "\"x\"", "{\"type\":\"FzPlaced\"}", "[[]]", "[null]")));

    /// <summary>One event: mostly a valid object with a type from the pool and tags, else wrong in one place.</summary>
    public string Event(string stream) => random.Weighted(
        (40, ValidEvent),
        (2, () => "{\"type\":" + Literal(names.JsonName()) + "}"),
        (1, () => "{\"type\":" + Literal(stream) + "}"),
        (1, () => "{\"type\":" + random.OneOf("1", "null", "{}", "[]", "true", "[\"FzPlaced\"]") + "}"),
        (2, () => "{\"type\":\"FzPlaced\",\"tags\":" + Tags() + "}"),
        (1, () => "{\"type\":\"FzPlaced\",\"type\":\"FzPaid\"}"),
        (1, () => "{\"type\":\"FzPlaced\",\"tags\":[\"t1\"],\"tags\":[\"t2\"]}"),
        (1, () => "{\"n\":" + Number() + ",\"s\":" + Literal(names.JsonName()) + "}"),
        (1, () => random.OneOf("1", "\"x\"", "null", "[]", "true", "[{\"type\":\"FzPlaced\"}]")),
        (1, () => "{\"type\":\"FzPlaced\",\"d\":" + Nested(random.OneOf(30, 62, 63, 64, 65, 200, 5000), objects: random.Chance(0.5)) + "}"),
        (1, () => "{\"type\":\"FzPlaced\",\"big\":" + Literal(new string('x', random.Next(1000, 20_000))) + "}"),
        (1, () => "{\"type\":\"FzPlaced\",\"k\":" + Literal(new string('\u00e9', 300)) + ",\"\\ud800\":1}"));

    public string ValidEvent()
    {
        var tags = random.Chance(0.5) ? ",\"tags\":[" + string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => Literal(random.Pick(HostileNames.Tags)))) + "]" : string.Empty;
        return "{\"type\":" + Literal(random.Pick(HostileNames.Types)) + tags + ",\"n\":" + random.Next(0, 300).ToString(CultureInfo.InvariantCulture) + "}";
    }

    public string ExpectedVersion() => random.Weighted(
        (6, () => random.OneOf("\"any\"", "\"any\"", "-1", "\"empty\"", "0", "1", "2", "5")),
        (2, () => random.OneOf("\"emptystream\"", "\"ANY\"", "\" any \"", "\"1\"", "\"-1\"", "\"x\"", "\"\"", "null", "true", "[]", "{}", "-2", "1.5", "1e3", "1e400")),
        (1, () => random.OneOf("9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "\"9223372036854775808\"", "123456789012345678901234567890")));

    public string Metadata() => random.Weighted(
        (6, () => "{\"requestId\":" + Literal("r-" + random.Next(100).ToString(CultureInfo.InvariantCulture)) + "}"),
        (2, () => random.OneOf("{}", "null", "[]", "1", "\"x\"", "true", "{\"a\":1,\"a\":2}", "{\"CommitId\":1}", "{\"requestId\":\"é\",\"\\ud800\":\"\\udfff\"}")),
        (2, () => "{" + Literal(random.Pick(Reserved)) + ":" + Number() + "}"),
        (1, () => "{\"requestId\":\"r\",\"commitId\":1,\"commitId\":2}"),
        (1, () => "{\"deep\":" + Nested(random.OneOf(10, 63, 64, 100, 3000), objects: random.Chance(0.5)) + "}"));

    /// <summary>A commit condition: mostly the shape a DCB query answers, else null, junk or out of range.</summary>
    public string Condition() => random.Weighted(
        (8, () => "{\"selector\":" + Selector() + ",\"noneMatchAfter\":" + NoneMatchAfter() + (random.Chance(0.3) ? ",\"matcher\":" + Matcher() : string.Empty) + "}"),
        (1, () => "{\"types\":[\"FzPlaced\"],\"noneMatchAfter\":" + NoneMatchAfter() + "}"),
        (1, () => "{\"selector\":\"FzPlaced\",\"noneMatchAfter\":0,\"matcher\":" + Literal("{\"payload\":{\"n\":1}}") + "}"),
        (3, () => random.OneOf(
            "null", "\"junk\"", "1", "[]", "{}", "true", "{\"selector\":\"FzPlaced\"}", "{\"noneMatchAfter\":0}", "{\"selector\":null,\"noneMatchAfter\":0}",
            "\"{\\\"selector\\\":\\\"FzPlaced\\\",\\\"noneMatchAfter\\\":0}\"", "{\"selector\":\"FzPlaced\",\"noneMatchAfter\":0,\"matcher\":\"{\"}",
            "{\"selector\":\"FzPlaced\",\"noneMatchAfter\":0,\"matcher\":1}", "{\"selector\":[],\"noneMatchAfter\":0}",
            "{\"selector\":\"FzPlaced\",\"noneMatchAfter\":0,\"noneMatchAfter\":99999}", "{\"selector\":\"\\ud800\",\"noneMatchAfter\":0}"
        )));

    public string NoneMatchAfter() => random.Weighted(
        (6, () => random.Next(0, 200).ToString(CultureInfo.InvariantCulture)),
        (2, () => random.OneOf("-1", "1.5", "\"3\"", "null", "1e300", "1e400", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "18446744073709551615", "{}", "-0", "3.0")));

    /// <summary>A matcher (filter): random field tests, or something that is not one.</summary>
    public string Matcher() => random.Weighted(
        (10, () => MatcherObject(random.Next(1, 4))),
        (2, () => random.OneOf("{}", "{\"payload\":{\"type\":\"FzPlaced\"}}", "{\"stream\":[\"fz-1\",\"fz-2\"]}", "{\"payload\":{\"tags\":\"eu\"}}", "{\"payload\":{\"n\":{\"$gte\":100}}}")),
        (2, () => random.Pick(Malformed)),
        (1, () => Nested(random.OneOf(10, 63, 64, 65, 300, 2000), "{}", objects: random.Chance(0.7))),
        (1, () => "{\"payload\":{\"n\":{\"$hasAny\":[" + string.Join(",", Enumerable.Range(0, random.Next(0, 300)).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]}}}"),
        (1, () => "{" + Literal(new string('k', random.Next(100, 3000))) + ":1}"));

    /// <summary>A selector: a name or nested OR/AND arrays, or something that is not one.</summary>
    public string Selector() => random.Weighted(
        (6, () => SelectorTree(random.Next(0, 4))),
        (2, () => random.OneOf("\"FzPlaced\"", "[\"fz-1\",\"fz-2\"]", "[[\"tags/t1\",\"FzPlaced\"]]", "[[\"tags/eu\",[\"FzPlaced\",\"FzPaid\"]]]", "\"_all\"", "[\"_all\"]", "[[\"_all\"]]", "[[\"_all\",\"FzPaid\"]]")),
        (2, () => random.OneOf("[]", "[[]]", "[[[]]]", "{}", "1", "null", "true", "[1,2]", "[\"fz-1\",null]", "\"\"", "[\"\"]", "\"bad..name\"", "[\"fz-1\",[]]", "[\"fz-1\",{}]")),
        (1, () => random.Pick(Malformed)),
        (1, () => Nested(random.OneOf(10, 63, 64, 65, 500), "\"fz-1\"")),
        (1, () => "[" + string.Join(",", Enumerable.Range(0, random.Next(50, 300)).Select(_ => Literal(names.ValidName()))) + "]"));

    /// <summary>A DCB query <c>{"items":[{"types":[…],"tags":[…]}]}</c>, or a broken one.</summary>
    public string DcbQuery() => random.Weighted(
        (6, () => "{\"items\":[" + string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => DcbItem())) + "]}"),
        (1, () => "{\"query\":{\"items\":[" + DcbItem() + "]}" + (random.Chance(0.5) ? ",\"matcher\":" + Matcher() : string.Empty) + "}"),
        (2, () => random.OneOf("{\"items\":[]}", "{\"items\":[{}]}", "{\"items\":null}", "{\"items\":\"x\"}", "{}", "[]", "{\"items\":[1]}", "{\"items\":[{\"types\":\"FzPlaced\"}]}", "{\"items\":[{\"types\":[1]}]}", "{\"items\":[{\"tags\":[\"bad..tag\"]}]}", "{\"items\":[{\"types\":[]}]}", "{\"items\":[{\"types\":[\"FzPlaced\"]}],\"items\":[]}", "{\"query\":null}", "{\"query\":\"x\"}")),
        (1, () => random.Pick(Malformed)),
        (1, () => "{\"items\":[" + string.Join(",", Enumerable.Range(0, random.Next(100, 500)).Select(_ => DcbItem())) + "]}"));

    /// <summary>An initial consumer state: mostly an object, else a non-object or too deep.</summary>
    public string State() => random.Weighted(
        (8, () => random.OneOf("{}", "{\"count\":0}", "{\"count\":0,\"last\":null}", "{\"a\":{\"b\":[1,2,{}]}}")),
        (3, () => random.OneOf("[]", "1", "null", "\"x\"", "true", "{\"a\":1e400}", "{\"a\":1,\"a\":2}", "{\"\\ud800\":1}")),
        (2, () => Nested(random.OneOf(62, 63, 64, 65, 100, 5000), "{}", objects: true)),
        (1, () => random.Pick(Malformed)));

    /// <summary>Any JSON value, valid or not.</summary>
    public string Any() => random.Weighted(
        (2, Number),
        (2, () => Literal(names.JsonName())),
        (2, Matcher),
        (1, () => random.Pick(Malformed)));

    /// <summary>Breaks a whole body: truncated, wrapped, doubled, prefixed, or replaced by junk.</summary>
    public string Break(string body) => random.Weighted(
        (4, () => body[..random.Next(body.Length)]),
        (2, () => random.Pick(Malformed)),
        (1, () => "[" + body + "]"),
        (1, () => body + body),
        (1, () => body + random.OneOf(" x", ",", "}", "\u0000", " // c", "\n\n")),
        (1, () => "\ufeff" + body),
        (1, () => body.Replace("\"", "'", StringComparison.Ordinal)),
        (1, () => Nested(random.OneOf(64, 65, 1000, 5000), body)),
        (1, () => Nested(random.OneOf(64, 65, 1000, 5000), body, objects: true)));

    private string Tags() => random.OneOf(
        "\"eu\"", "[1]", "[null]", "[\"bad..tag\"]", "[\"tags/x\"]", "[\"\"]", "[\"t1\",\"t1\"]", "{}", "null", "[[\"t1\"]]",
        "[" + string.Join(",", Enumerable.Range(0, 60).Select(i => Literal("tg" + i.ToString(CultureInfo.InvariantCulture)))) + "]",
        "[" + Literal(names.JsonName()) + "]", "[\"join\"]", "[\"x/version\"]", "[\"\\ud800\"]", "[\"é\"]"
    );

    private string MatcherObject(int depth)
    {
        var root = random.OneOf("payload", "payload", "metadata", "stream", "x");
        return "{" + Literal(root) + ":" + (root == "stream" ? FieldTest() : Fields(depth)) + "}";
    }

    private string Fields(int depth)
    {
        var count = random.Next(1, 3);
        var members = Enumerable.Range(0, count).Select(_ =>
            Literal(random.Pick(FieldNames)) + ":" + (depth > 1 && random.Chance(0.3) ? Fields(depth - 1) : FieldTest()));
        return "{" + string.Join(",", members) + "}";
    }

    private string FieldTest() => random.Weighted(
        (3, Scalar),
        (2, () => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Scalar())) + "]"),
        (4, () => "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => Literal(random.Pick(Operators)) + ":" + OperatorArgument())) + "}"));

    private string OperatorArgument() => random.Weighted(
        (4, Scalar),
        (2, () => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Scalar())) + "]"),
        (1, () => random.OneOf("{}", "{\"$gt\":1}", "[[]]", "null")));

    private string Scalar() => random.Weighted(
        (3, Number),
        (3, () => Literal(random.Chance(0.5) ? random.Pick(HostileNames.Types) : names.JsonName())),
        (1, () => random.OneOf("true", "false", "null")));

    private string SelectorTree(int depth)
    {
        if (depth == 0 || random.Chance(0.25))
        {
            return Literal(names.JsonName());
        }

        return "[" + string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => SelectorTree(depth - 1))) + "]";
    }

    private string DcbItem()
    {
        var members = new List<string>();
        if (random.Chance(0.8))
        {
            members.Add("\"types\":[" + string.Join(",", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Literal(random.Chance(0.8) ? random.Pick(HostileNames.Types) : names.JsonName()))) + "]");
        }

        if (random.Chance(0.6))
        {
            members.Add("\"tags\":[" + string.Join(",", Enumerable.Range(0, random.Next(0, 3)).Select(_ => Literal(random.Chance(0.8) ? random.Pick(HostileNames.Tags) : names.JsonName()))) + "]");
        }

        return "{" + string.Join(",", members) + "}";
    }

    private void Shuffle(List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
