using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Infrastructure.Matching;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Matching;

public sealed class RawEventFilterTests
{
    private const string Document =
        """{"stream":"orders-1","payload":{"type":"OrderPlaced","orderId":"1","amount":150,"price":9.5,"tags":["featured","eu",3,null,{"k":1},[2]],"empty":[],"customer":{"name":"Zo\u00eb","vip":true,"address":null,"visits":0},"note":"","flag":false},"metadata":{"commitId":0,"committedAt":1795773961989,"commitVersion":0,"commitSize":2,"requestId":"req-1","streamVersion":0}}""";

    private static readonly MatcherParser Parser = new(Options.Create(new EventStoreOptions { MatcherCacheSize = 0 }));

    private static IEventFilter Filter(string matcher)
    {
        var parsed = Parser.Parse(matcher, "filter");
        Assert.True(parsed.Succeeded, parsed.Error);
        return new EventFilterFactory().Create(parsed.Value!);
    }

    /// <summary>Replaces <c>@0</c>, <c>@1</c>, … in <paramref name="template"/> (JSON is full of braces).</summary>
    private static string Fill(string template, params string[] values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            template = template.Replace($"@{i}", values[i], StringComparison.Ordinal);
        }

        return template;
    }

    private static bool Matches(string matcher, string document) => Filter(matcher).Matches(Encoding.UTF8.GetBytes(document));

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"stream":"orders-1"}""", true)]
    [InlineData("""{"stream":"orders-2"}""", false)]
    [InlineData("""{"payload":{"type":"OrderPlaced"}}""", true)]
    [InlineData("""{"payload":{"type":"OrderShipped"}}""", false)]
    [InlineData("""{"payload":{"type":"OrderPlaced","orderId":"1"}}""", true)]
    [InlineData("""{"payload":{"type":"OrderPlaced","orderId":"2"}}""", false)]
    [InlineData("""{"payload":{"orderId":1}}""", false)]
    [InlineData("""{"payload":{"amount":150}}""", true)]
    [InlineData("""{"payload":{"amount":"150"}}""", false)]
    [InlineData("""{"payload":{"amount":150.0}}""", true)]
    [InlineData("""{"payload":{"amount":1.5e2}}""", true)]
    [InlineData("""{"payload":{"customer":{"vip":true}}}""", true)]
    [InlineData("""{"payload":{"customer":{"vip":1}}}""", false)]
    [InlineData("""{"payload":{"flag":false}}""", true)]
    [InlineData("""{"payload":{"flag":null}}""", false)]
    [InlineData("""{"payload":{"customer":{"address":null}}}""", true)]
    [InlineData("""{"payload":{"customer":{"missing":null}}}""", false)]
    [InlineData("""{"payload":{"note":""}}""", true)]
    [InlineData("""{"metadata":{"commitSize":2},"stream":"orders-1"}""", true)]
    [InlineData("""{"metadata":{"commitSize":2},"stream":"other"}""", false)]
    [InlineData("""{"other":{}}""", false)]
    public void Matches_ScalarsAndNesting_FollowStrictEquality(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Theory]
    [InlineData("""{"payload":{"type":["OrderShipped","OrderPlaced"]}}""", true)]
    [InlineData("""{"payload":{"type":["OrderShipped"]}}""", false)]
    [InlineData("""{"payload":{"amount":[1,150]}}""", true)]
    [InlineData("""{"payload":{"amount":["150"]}}""", false)]
    [InlineData("""{"payload":{"customer":{"address":[null]}}}""", true)]
    [InlineData("""{"payload":{"type":[]}}""", false)]
    [InlineData("""{"payload":{"type":[{},[]]}}""", false)]
    [InlineData("""{"payload":{"tags":["featured"]}}""", false)]
    [InlineData("""{"payload":{"tags":"featured"}}""", false)]
    [InlineData("""{"payload":{"customer":"x"}}""", false)]
    [InlineData("""{"payload":{"missing":["x",null]}}""", false)]
    public void Matches_ArrayPattern_EqualsAnyScalarButNeverAnArrayValue(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Theory]
    [InlineData("""{"payload":{"amount":{"$gt":100}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$gt":150}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$gte":150}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$gte":150.5}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$lt":151}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$lt":150}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$lte":150}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$lte":149}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$gte":100,"$lt":200}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$gte":100,"$lt":150}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$gt":"100"}}}""", false)]
    [InlineData("""{"payload":{"orderId":{"$gt":0}}}""", false)]
    [InlineData("""{"payload":{"customer":{"address":{"$lt":1}}}}""", false)]
    [InlineData("""{"payload":{"customer":{"vip":{"$gt":0}}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$gt":0}}}""", false)]
    [InlineData("""{"payload":{"customer":{"$gt":0}}}""", false)]
    [InlineData("""{"payload":{"type":{"$gt":"Order"}}}""", true)]
    [InlineData("""{"payload":{"type":{"$gt":"OrderPlaced"}}}""", false)]
    [InlineData("""{"payload":{"type":{"$gte":"OrderPlaced","$lte":"OrderPlaced"}}}""", true)]
    [InlineData("""{"payload":{"type":{"$lt":"Order_"}}}""", true)]
    [InlineData("""{"payload":{"type":{"$lt":"order"}}}""", true)]
    [InlineData("""{"payload":{"note":{"$lt":"a"}}}""", true)]
    [InlineData("""{"payload":{"customer":{"name":{"$gt":"Zoe"}}}}""", true)]
    [InlineData("""{"payload":{"customer":{"name":{"$lt":"Zp"}}}}""", true)]
    [InlineData("""{"payload":{"missing":{"$lt":1}}}""", false)]
    public void Matches_RelationalOperators_CompareNumbersWithNumbersAndStringsWithStrings(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Theory]
    [InlineData("""{"payload":{"amount":{"$eq":150}}}""", true)]
    [InlineData("""{"payload":{"amount":{"$eq":"150"}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$ne":150}}}""", false)]
    [InlineData("""{"payload":{"amount":{"$ne":"150"}}}""", true)]
    [InlineData("""{"payload":{"customer":{"address":{"$eq":null}}}}""", true)]
    [InlineData("""{"payload":{"customer":{"address":{"$ne":null}}}}""", false)]
    [InlineData("""{"payload":{"customer":{"visits":{"$ne":false}}}}""", true)]
    [InlineData("""{"payload":{"flag":{"$eq":false}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$ne":"x"}}}""", true)]
    [InlineData("""{"payload":{"customer":{"$ne":null}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$eq":"featured"}}}""", false)]
    [InlineData("""{"payload":{"missing":{"$ne":1}}}""", false)]
    [InlineData("""{"payload":{"missing":{"$ne":null}}}""", false)]
    [InlineData("""{"payload":{"type":{"$ne":"OrderShipped","$gt":"A"}}}""", true)]
    public void Matches_EqualityOperators_AreStrictAndNeedAValue(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Theory]
    [InlineData("""{"payload":{"tags":{"$has":"eu"}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"us"}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$has":3}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":3.0}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"3"}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$has":null}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":1}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$has":2}}}""", false)]
    [InlineData("""{"payload":{"type":{"$has":"OrderPlaced"}}}""", false)]
    [InlineData("""{"payload":{"customer":{"$has":"name"}}}""", false)]
    [InlineData("""{"payload":{"empty":{"$has":null}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$hasAny":["featured","beta"]}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$hasAny":["beta","alpha"]}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$hasAny":[]}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$hasAny":[{"k":1},[2]]}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$hasAny":["x",3]}}}""", true)]
    [InlineData("""{"payload":{"type":{"$hasAny":["OrderPlaced"]}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$has":"featured","$hasAny":["x","eu"]}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"featured","$hasAny":["x","y"]}}}""", false)]
    [InlineData("""{"payload":{"tags":{"$has":"eu","$ne":"eu"}}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"eu"},"type":"OrderPlaced"}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"eu"},"customer":{"vip":true}},"metadata":{"streamVersion":0}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"eu"},"customer":{"vip":true}},"metadata":{"streamVersion":1}}""", false)]
    public void Matches_ArrayOperators_NeedAnArrayContainingTheOperand(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Theory]
    [InlineData("""{"payload":{}}""", true)]
    [InlineData("""{"payload":{"customer":{}}}""", true)]
    [InlineData("""{"payload":{"type":{}}}""", true)]
    [InlineData("""{"payload":{"customer":{"address":{}}}}""", true)]
    [InlineData("""{"payload":{"tags":{}}}""", true)]
    [InlineData("""{"payload":{"missing":{}}}""", false)]
    [InlineData("""{"payload":{"type":{"length":11}}}""", false)]
    [InlineData("""{"payload":{"tags":{"0":"featured"}}}""", false)]
    [InlineData("""{"payload":{"$gt":1}}""", false)]
    [InlineData("""{"payload":{"amount":{"$gt":1,"x":1}}}""", false)]
    public void Matches_NestedObjectPattern_NeedsPresenceAndObjectProperties(string matcher, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, Document));
    }

    [Fact]
    public void Matches_DollarPropertyNameInDocument_IsMatchedLiterally()
    {
        const string Doc = """{"payload":{"a":{"$gt":1,"x":2}}}""";

        Assert.True(Matches("""{"payload":{"a":{"$gt":1,"x":2}}}""", Doc));
        Assert.False(Matches("""{"payload":{"a":{"$gt":1,"x":3}}}""", Doc));
        Assert.False(Matches("""{"payload":{"a":{"$gt":1}}}""", Doc));
    }

    [Theory]
    [InlineData("""{"payload":{"name":"café"}}""", """{"payload":{"name":"caf\u00e9"}}""", true)]
    [InlineData("""{"payload":{"name":"caf\u00e9"}}""", """{"payload":{"name":"café"}}""", true)]
    [InlineData("""{"payload":{"name":"cafe"}}""", """{"payload":{"name":"caf\u00e9"}}""", false)]
    [InlineData("""{"payload":{"name":"😀"}}""", """{"payload":{"name":"\ud83d\ude00"}}""", true)]
    [InlineData("""{"payload":{"name":"a\"b\\c/d\n"}}""", """{"payload":{"name":"a\u0022b\\c\/d\u000a"}}""", true)]
    [InlineData("""{"payload":{"café":1}}""", """{"payload":{"caf\u00e9":1}}""", true)]
    [InlineData("""{"payload":{"name":["x","café"]}}""", """{"payload":{"name":"caf\u00E9"}}""", true)]
    [InlineData("""{"payload":{"name":{"$gte":"café","$lte":"café"}}}""", """{"payload":{"name":"caf\u00e9"}}""", true)]
    [InlineData("""{"payload":{"name":{"$gt":"cafe"}}}""", """{"payload":{"name":"caf\u00e9"}}""", true)]
    [InlineData("""{"payload":{"name":{"$gt":"cafz"}}}""", """{"payload":{"name":"caf\u00e9"}}""", true)]
    [InlineData("""{"payload":{"tags":{"$has":"café"}}}""", """{"payload":{"tags":["caf\u00e9"]}}""", true)]
    public void Matches_EscapedStrings_CompareByUnescapedText(string matcher, string document, bool expected)
    {
        Assert.Equal(expected, Matches(matcher, document));
    }

    [Theory]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("\"😀\"")]
    public void Matches_StringOrder_IsUtf16CodeUnitOrder(string value)
    {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+E000 in UTF-16 (and after it in UTF-8).
        var document = Fill("""{"payload":{"s":@0}}""", value);

        Assert.True(Matches("""{"payload":{"s":{"$lt":"\uE000"}}}""", document));
        Assert.False(Matches("""{"payload":{"s":{"$gt":"\uE000"}}}""", document));
        Assert.True(Matches("""{"payload":{"s":{"$gt":"\uD7FF"}}}""", document));
    }

    [Fact]
    public void Matches_LongEscapedString_ComparesThroughPooledBuffer()
    {
        var value = string.Concat(Enumerable.Repeat("\\u00e9", 300));
        var document = Fill("""{"payload":{"s":"@0"}}""", value);
        var equal = new string('é', 300);

        Assert.True(Matches(Fill("""{"payload":{"s":{"$gte":"@0","$lte":"@1"}}}""", equal, equal), document));
        Assert.True(Matches(Fill("""{"payload":{"s":{"$gt":"@0"}}}""", equal[..299]), document));
        Assert.True(Matches(Fill("""{"payload":{"s":"@0"}}""", equal), document));
    }

    [Fact]
    public void Matches_UnpairedSurrogateEscapeInDocument_NeverEqualsAndIsNotOrdered()
    {
        const string Doc = """{"payload":{"s":"\ud800","n":1}}""";

        Assert.False(Matches("""{"payload":{"s":"x"}}""", Doc));
        Assert.True(Matches("""{"payload":{"s":{"$ne":"x"}}}""", Doc));
        Assert.False(Matches("""{"payload":{"s":{"$gt":"é"}}}""", Doc));
        Assert.True(Matches("""{"payload":{"n":1}}""", Doc));
    }

    [Theory]
    [InlineData("100", "1e2", true)]
    [InlineData("1e2", "100", true)]
    [InlineData("100", "100.000", true)]
    [InlineData("100", "1E+2", true)]
    [InlineData("0", "-0", true)]
    [InlineData("0.1", "1e-1", true)]
    [InlineData("1", "1.0000000000000001", true)]
    [InlineData("1", "1.000001", false)]
    [InlineData("1e400", "2e400", true)]
    [InlineData("-1e400", "1e400", false)]
    public void Matches_Numbers_CompareAsDoubles(string matcherNumber, string documentNumber, bool expected)
    {
        var document = Fill("""{"payload":{"n":@0,"a":[@1]}}""", documentNumber, documentNumber);

        Assert.Equal(expected, Matches(Fill("""{"payload":{"n":@0}}""", matcherNumber), document));
        Assert.Equal(expected, Matches(Fill("""{"payload":{"n":{"$eq":@0}}}""", matcherNumber), document));
        Assert.Equal(expected, Matches(Fill("""{"payload":{"n":[@0]}}""", matcherNumber), document));
        Assert.Equal(expected, Matches(Fill("""{"payload":{"a":{"$has":@0}}}""", matcherNumber), document));
        Assert.Equal(expected, Matches(Fill("""{"payload":{"n":{"$gte":@0,"$lte":@1}}}""", matcherNumber, matcherNumber), document));
    }

    [Fact]
    public void Matches_DuplicateKeysInDocument_FirstOccurrenceWins()
    {
        const string Doc = """{"payload":{"type":"A","type":"B"},"payload":{"type":"C"}}""";

        Assert.True(Matches("""{"payload":{"type":"A"}}""", Doc));
        Assert.False(Matches("""{"payload":{"type":"B"}}""", Doc));
        Assert.False(Matches("""{"payload":{"type":"C"}}""", Doc));
    }

    [Fact]
    public void Matches_PropertiesInAnyOrder_AllMustMatch()
    {
        const string Doc = """{"metadata":{"b":2,"a":1},"stream":"s","payload":{"z":[1,{"q":[]}],"y":{"x":{}}}}""";

        Assert.True(Matches("""{"stream":"s","metadata":{"a":1,"b":2},"payload":{"y":{"x":{}},"z":{"$has":1}}}""", Doc));
        Assert.False(Matches("""{"stream":"s","metadata":{"a":1,"b":2},"payload":{"y":{"x":{}},"z":{"$has":2}}}""", Doc));
        Assert.False(Matches("""{"stream":"s","metadata":{"a":1,"b":3}}""", Doc));
    }

    [Fact]
    public void Matches_ValueFollowingSkippedContainers_IsStillFound()
    {
        // Matching a nested pattern, a $has and a {} must leave the reader just after the value, not inside it.
        const string Doc = """{"a":{"x":1,"deep":{"k":[1,[2,{"z":3}]]},"y":2},"b":[1,2,[3],{"w":4}],"c":{"n":[]},"d":5}""";

        Assert.True(Matches("""{"a":{"x":1},"b":{"$has":1},"c":{},"d":5}""", Doc));
        Assert.True(Matches("""{"a":{"deep":{"k":{"$has":1}}},"b":{"$ne":0},"c":{"n":{}},"d":5}""", Doc));
        Assert.False(Matches("""{"a":{"x":1},"b":{"$has":1},"c":{},"d":6}""", Doc));
    }

    [Fact]
    public void Matches_SkippedContainersWithBracketsAndEscapesInStrings_ResumeCorrectly()
    {
        const string Doc = """{"payload":{"x":"}\"]","y":[{"z":"\\"},"]"],"w":{"q":"{"}},"metadata":{"v":1,"u":[{}]},"tail":"}"}""";

        Assert.True(Matches("""{"metadata":{"v":1}}""", Doc));
        Assert.True(Matches("""{"metadata":{"v":1},"tail":"}"}""", Doc));
        Assert.True(Matches("""{"payload":{"w":{}},"metadata":{"u":{"$ne":1}},"tail":"}"}""", Doc));
        Assert.False(Matches("""{"metadata":{"v":2}}""", Doc));
        Assert.False(Matches("""{"payload":{"w":{}},"tail":"]"}""", Doc));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"payload":{"type":"OrderPlaced" """)]
    [InlineData("""{"payload":[}""")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void Matches_MalformedOrNonObjectDocument_IsFalse(string document)
    {
        Assert.False(Matches("""{"payload":{"type":"OrderPlaced","x":1}}""", document));
    }

    [Fact]
    public void Matches_MatchAll_AcceptsAnything()
    {
        var filter = new EventFilterFactory().Create(Matcher.All);

        Assert.True(filter.Matches("{}"u8));
        Assert.True(filter.Matches("not json"u8));
    }

    [Fact]
    public void Matches_TrailingNewline_IsIgnored()
    {
        Assert.True(Matches("""{"metadata":{"streamVersion":0}}""", Document + "\n"));
    }

    [Fact]
    public void Matches_NonObjectPayload_MatchesOnlyEmptyPattern()
    {
        const string Doc = """{"stream":"s","payload":[1,2],"metadata":{}}""";

        Assert.True(Matches("""{"payload":{}}""", Doc));
        Assert.False(Matches("""{"payload":{"0":1}}""", Doc));
        Assert.True(Matches("""{"payload":{"$has":2}}""", Doc));
    }

    [Fact]
    public void Matches_ManyProperties_UsesPooledFlags()
    {
        var keys = Enumerable.Range(0, 100).Select(i => $"\"k{i}\":{i}").ToArray();
        var document = Fill("""{"payload":{@0}}""", string.Join(',', keys.Reverse()));

        Assert.True(Matches(Fill("""{"payload":{@0}}""", string.Join(',', keys)), document));
        Assert.False(Matches(Fill("""{"payload":{@0,"k100":100}}""", string.Join(',', keys)), document));
    }

    [Fact]
    public void Matches_DeepDocument_IsEvaluated()
    {
        var document = "{\"payload\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + ",\"x\":1}";

        Assert.True(Matches("""{"payload":{"a":{"a":{}}},"x":1}""", document));
    }

    [Fact]
    public void Matches_RepeatedCalls_DoNotAllocate()
    {
        string[] matchers =
        [
            """{"payload":{"type":"OrderPlaced"}}""",
            """{"metadata":{"streamVersion":{"$gte":0}},"payload":{"customer":{"name":"Zoë"}}}""",
            """{"payload":{"customer":{"name":{"$gt":"Zoe","$lt":"Zp"}},"tags":{"$has":"eu","$hasAny":[null,"x"]}}}""",
            """{"payload":{"type":["A","OrderPlaced"],"amount":{"$ne":1},"customer":{}},"stream":{"$lt":"p"}}""",
            """{"payload":{"price":9.5,"empty":{"$ne":null},"missing":1}}""",
        ];
        var filters = matchers.Select(Filter).ToArray();
        var document = Encoding.UTF8.GetBytes(Document);
        var hits = 0;
        foreach (var filter in filters)
        {
            hits += filter.Matches(document) ? 1 : 0;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2_000; i++)
        {
            foreach (var filter in filters)
            {
                hits += filter.Matches(document) ? 1 : 0;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(4 * 2_001, hits);
    }

    [Fact]
    public void Create_SameMatcher_ReturnsSameFilter()
    {
        var factory = new EventFilterFactory();
        var matcher = Parser.Parse("""{"a":1}""", "filter").Value!;

        Assert.Same(factory.Create(matcher), factory.Create(matcher));
        Assert.NotSame(factory.Create(matcher), factory.Create(Parser.Parse("""{"a":1}""", "filter").Value!));
    }
}
