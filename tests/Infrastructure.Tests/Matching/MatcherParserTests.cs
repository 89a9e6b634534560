using System.Text;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Infrastructure.Matching;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Matching;

public sealed class MatcherParserTests
{
    private const string UnknownOperatorSuffix = "Known operators: $gt, $gte, $lt, $lte, $eq, $ne, $has, $hasAny.";

    private static MatcherParser CreateParser(int cacheSize = 100) =>
        new(Options.Create(new EventStoreOptions { MatcherCacheSize = cacheSize }));

    private static Matcher ParseOk(string json)
    {
        var result = CreateParser(0).Parse(json, "filter");
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    private static string ParseError(string json, string label = "filter")
    {
        var result = CreateParser(0).Parse(json, label);
        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        return result.Error!;
    }

    private static Pattern Property(Matcher matcher, params string[] path)
    {
        Pattern current = matcher.Root;
        foreach (var name in path)
        {
            var properties = Assert.IsType<ObjectPattern>(current).Properties;
            current = Assert.Single(properties, p => p.Name == name).Pattern;
        }

        return current;
    }

    [Fact]
    public void Parse_EmptyObject_MatchesEverything()
    {
        var matcher = ParseOk("{}");

        Assert.True(matcher.MatchesEverything);
        Assert.Equal("{}", matcher.Json);
    }

    [Fact]
    public void Parse_Scalars_AreScalarPatterns()
    {
        var matcher = ParseOk("""{"s":"x","n":1.5,"t":true,"f":false,"z":null}""");

        Assert.Equal(JsonScalar.FromString("x"), Assert.IsType<ScalarPattern>(Property(matcher, "s")).Value);
        Assert.Equal(JsonScalar.FromNumber(1.5), Assert.IsType<ScalarPattern>(Property(matcher, "n")).Value);
        Assert.Equal(JsonScalar.FromBoolean(true), Assert.IsType<ScalarPattern>(Property(matcher, "t")).Value);
        Assert.Equal(JsonScalar.FromBoolean(false), Assert.IsType<ScalarPattern>(Property(matcher, "f")).Value);
        Assert.Equal(JsonScalar.Null, Assert.IsType<ScalarPattern>(Property(matcher, "z")).Value);
    }

    [Fact]
    public void Parse_KeysInOrder_AreAndedProperties()
    {
        var matcher = ParseOk("""{"stream":"a","payload":{"type":"T"},"metadata":{}}""");

        Assert.Equal(["stream", "payload", "metadata"], matcher.Root.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Parse_Array_IsAnyOfItsScalars()
    {
        var matcher = ParseOk("""{"a":["x",1,{"o":1},[2],null,true]}""");

        var anyOf = Assert.IsType<AnyOfPattern>(Property(matcher, "a"));
        Assert.Equal([JsonScalar.FromString("x"), JsonScalar.FromNumber(1), JsonScalar.Null, JsonScalar.FromBoolean(true)], anyOf.Values);
    }

    [Fact]
    public void Parse_ArrayWithoutScalars_IsEmptyAnyOf()
    {
        var matcher = ParseOk("""{"a":[{},[]],"b":[]}""");

        Assert.Empty(Assert.IsType<AnyOfPattern>(Property(matcher, "a")).Values);
        Assert.Empty(Assert.IsType<AnyOfPattern>(Property(matcher, "b")).Values);
    }

    [Fact]
    public void Parse_NestedObject_IsObjectPattern()
    {
        var matcher = ParseOk("""{"payload":{"customer":{"name":"Zoë"}}}""");

        var name = Assert.IsType<ScalarPattern>(Property(matcher, "payload", "customer", "name"));
        Assert.Equal("Zoë", name.Value.Text);
    }

    [Fact]
    public void Parse_EmptyNestedObject_IsEmptyObjectPattern()
    {
        var matcher = ParseOk("""{"payload":{}}""");

        Assert.Empty(Assert.IsType<ObjectPattern>(Property(matcher, "payload")).Properties);
        Assert.False(matcher.MatchesEverything);
    }

    [Fact]
    public void Parse_OperatorObject_IsOperatorPatternWithEveryOperator()
    {
        var matcher = ParseOk("""{"a":{"$gt":1,"$gte":2,"$lt":"z","$lte":4,"$eq":null,"$ne":true,"$has":"t","$hasAny":["x",2,{}]}}""");

        var tests = Assert.IsType<OperatorPattern>(Property(matcher, "a")).Tests;
        Assert.Equal(
            [
                MatcherOperator.GreaterThan, MatcherOperator.GreaterThanOrEqual, MatcherOperator.LessThan,
                MatcherOperator.LessThanOrEqual, MatcherOperator.Equal, MatcherOperator.NotEqual,
                MatcherOperator.Has, MatcherOperator.HasAny,
            ],
            tests.Select(t => t.Operator));
        Assert.Equal(JsonScalar.FromNumber(1), tests[0].Operand);
        Assert.Equal(JsonScalar.FromString("z"), tests[2].Operand);
        Assert.Equal(JsonScalar.Null, tests[4].Operand);
        Assert.Equal(JsonScalar.FromString("t"), tests[6].Operand);
        Assert.Equal([JsonScalar.FromString("x"), JsonScalar.FromNumber(2)], tests[7].Operands);
    }

    [Fact]
    public void Parse_DollarKeyMixedWithNormalKeys_IsOrdinaryProperty()
    {
        var matcher = ParseOk("""{"a":{"$gt":1,"b":2}}""");

        var nested = Assert.IsType<ObjectPattern>(Property(matcher, "a"));
        Assert.Equal(["$gt", "b"], nested.Properties.Select(p => p.Name));
        Assert.IsType<ScalarPattern>(nested.Properties[0].Pattern);
    }

    [Fact]
    public void Parse_DollarKeyAtRoot_IsOrdinaryProperty()
    {
        var matcher = ParseOk("""{"$foo":1}""");

        Assert.IsType<ScalarPattern>(Property(matcher, "$foo"));
    }

    [Fact]
    public void Parse_EscapedDollar_IsOperator()
    {
        var matcher = ParseOk("""{"a":{"\u0024gte":100}}""");

        var test = Assert.Single(Assert.IsType<OperatorPattern>(Property(matcher, "a")).Tests);
        Assert.Equal(MatcherOperator.GreaterThanOrEqual, test.Operator);
    }

    [Fact]
    public void Parse_DuplicateKey_LastValueWins()
    {
        var matcher = ParseOk("""{"a":1,"b":2,"a":3}""");

        Assert.Equal(["a", "b"], matcher.Root.Properties.Select(p => p.Name));
        Assert.Equal(3, Assert.IsType<ScalarPattern>(Property(matcher, "a")).Value.Number);
    }

    [Fact]
    public void Parse_DuplicateOperator_LastOperandWins()
    {
        var matcher = ParseOk("""{"a":{"$gt":1,"$gt":5}}""");

        var test = Assert.Single(Assert.IsType<OperatorPattern>(Property(matcher, "a")).Tests);
        Assert.Equal(5, test.Operand.Number);
    }

    [Fact]
    public void Parse_EscapedStrings_AreUnescaped()
    {
        var matcher = ParseOk("""{"caf\u00e9":"caf\u00e9 \"\\\/ \ud83d\ude00"}""");

        var property = Assert.Single(matcher.Root.Properties);
        Assert.Equal("café", property.Name);
        Assert.Equal("café \"\\/ 😀", Assert.IsType<ScalarPattern>(property.Pattern).Value.Text);
    }

    [Theory]
    [InlineData("1e2", 100)]
    [InlineData("-0", 0)]
    [InlineData("1E+2", 100)]
    [InlineData("0.1", 0.1)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("-1e400", double.NegativeInfinity)]
    public void Parse_Numbers_AreDoubles(string text, double expected)
    {
        var matcher = ParseOk($$"""{"n":{{text}}}""");

        Assert.Equal(expected, Assert.IsType<ScalarPattern>(Property(matcher, "n")).Value.Number);
    }

    [Fact]
    public void Parse_Whitespace_IsRemovedFromJson()
    {
        var matcher = ParseOk(" {\n \"payload\" : { \"type\" : \"café\" , \"n\" : 1e2 , \"a\" : [ 1 , true , null ] } } \n");

        Assert.Equal("""{"payload":{"type":"café","n":1e2,"a":[1,true,null]}}""", matcher.Json);
    }

    [Fact]
    public void Parse_EscapedNonAscii_IsWrittenAsIsInJson()
    {
        var matcher = ParseOk("""{"payload":{"type":"caf\u00e9","q":"a\"b"}}""");

        Assert.Equal("""{"payload":{"type":"café","q":"a\"b"}}""", matcher.Json);
    }

    [Fact]
    public void Parse_UnknownOperator_FailsNamingIt()
    {
        var error = ParseError("""{"payload":{"amount":{"$gte":1,"$foo":2}}}""");

        Assert.Equal($"filter uses an unknown operator \"$foo\". {UnknownOperatorSuffix}", error);
    }

    [Fact]
    public void Parse_UnknownOperator_UsesLabel()
    {
        var error = ParseError("""{"a":{"$in":[1]}}""", "condition.matcher");

        Assert.Equal($"condition.matcher uses an unknown operator \"$in\". {UnknownOperatorSuffix}", error);
    }

    [Theory]
    [InlineData("""{"a":{"$hasAny":"x"}}""")]
    [InlineData("""{"a":{"$hasAny":{"x":1}}}""")]
    [InlineData("""{"a":{"$hasAny":null}}""")]
    public void Parse_HasAnyWithoutArray_Fails(string json)
    {
        var error = ParseError(json);

        Assert.Equal("filter operator \"$hasAny\" needs an array of values.", error);
    }

    [Theory]
    [InlineData("""{"a":{"$gt":[1]}}""", "$gt")]
    [InlineData("""{"a":{"$eq":{}}}""", "$eq")]
    [InlineData("""{"a":{"$has":["x"]}}""", "$has")]
    [InlineData("""{"a":{"$ne":{"b":1}}}""", "$ne")]
    public void Parse_NonScalarOperand_FailsNamingOperator(string json, string op)
    {
        var error = ParseError(json);

        Assert.Equal($"filter operator \"{op}\" needs a string, number, boolean or null operand.", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("""{"a":}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("{'a':1}")]
    [InlineData("/* c */ {}")]
    [InlineData("{} {}")]
    [InlineData("{} x")]
    [InlineData("""{"a":{"$foo":1}""")]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\x"}""")]
    public void Parse_InvalidJson_FailsWithInvalidLabel(string json)
    {
        var error = ParseError(json);

        Assert.Equal("Invalid filter.", error);
    }

    [Fact]
    public void Parse_TooDeep_Fails()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65);

        Assert.Equal("Invalid filter.", ParseError(json));
    }

    [Fact]
    public void Parse_MaximumDepth_Succeeds()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 64);

        Assert.True(CreateParser().Parse(json, "filter").Succeeded);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"a":1}]""")]
    [InlineData("1")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Parse_NotAnObject_FailsWithObjectMessage(string json)
    {
        var error = ParseError(json, "matcher");

        Assert.Equal("matcher must be a JSON object.", error);
    }

    [Fact]
    public void Parse_StringWithUnpairedSurrogate_Fails()
    {
        Assert.Equal("Invalid filter.", ParseError("{\"a\":\"\ud800\"}"));
    }

    [Fact]
    public void Parse_InvalidUtf8_Fails()
    {
        byte[] bytes = [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}'];

        var result = CreateParser().Parse(bytes, "filter");

        Assert.Equal("Invalid filter.", result.Error);
    }

    [Fact]
    public void Parse_Utf8Input_EqualsStringInput()
    {
        var parser = CreateParser(0);
        const string Json = """{ "payload": { "name": "Zoë", "n": {"$gt": 1} } }""";

        var fromBytes = parser.Parse(Encoding.UTF8.GetBytes(Json), "filter");
        var fromString = parser.Parse(Json, "filter");

        Assert.True(fromBytes.Succeeded);
        Assert.Equal(fromString.Value!.Json, fromBytes.Value!.Json);
        Assert.Equal("Zoë", Assert.IsType<ScalarPattern>(Property(fromBytes.Value, "payload", "name")).Value.Text);
    }

    [Fact]
    public void Parse_SameText_ReturnsSameInstance()
    {
        var parser = CreateParser();
        const string Json = """{"payload":{"type":"UserEmailUpdated"}}""";

        var first = parser.Parse(Json, "filter").Value;
        var second = parser.Parse(Json, "filter").Value;
        var third = parser.Parse(Encoding.UTF8.GetBytes(Json), "filter").Value;

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Same(first, third);
    }

    [Fact]
    public void Parse_DifferentTextSameMeaning_IsCachedSeparately()
    {
        var parser = CreateParser();

        var compact = parser.Parse("""{"a":1}""", "filter").Value;
        var spaced = parser.Parse("""{ "a": 1 }""", "filter").Value;

        Assert.NotSame(compact, spaced);
        Assert.Equal(compact!.Json, spaced!.Json);
    }

    [Fact]
    public void Parse_CacheFull_EvictsLeastRecentlyUsed()
    {
        // Seed checklist row 32: capacity 2, filters f1, f2, f3, f2, f1 -> f2 reused, f1 re-parsed.
        var parser = CreateParser(2);
        const string F1 = """{"payload":{"n":1}}""";
        const string F2 = """{"payload":{"n":2}}""";
        const string F3 = """{"payload":{"n":3}}""";

        var f1 = parser.Parse(F1, "filter").Value;
        var f2 = parser.Parse(F2, "filter").Value;
        parser.Parse(F3, "filter");
        var f2Again = parser.Parse(F2, "filter").Value;
        var f1Again = parser.Parse(F1, "filter").Value;

        Assert.Same(f2, f2Again);
        Assert.NotSame(f1, f1Again);
        Assert.Equal(f1!.Json, f1Again!.Json);
        Assert.Equal(2, parser.CachedCount);
    }

    [Fact]
    public void Parse_CacheHit_RefreshesRecency()
    {
        var parser = CreateParser(2);
        const string F1 = """{"a":1}""";
        const string F2 = """{"a":2}""";
        const string F3 = """{"a":3}""";

        var f1 = parser.Parse(F1, "filter").Value;
        var f2 = parser.Parse(F2, "filter").Value;
        parser.Parse(F1, "filter");
        parser.Parse(F3, "filter");

        Assert.Same(f1, parser.Parse(F1, "filter").Value);
        Assert.NotSame(f2, parser.Parse(F2, "filter").Value);
    }

    [Fact]
    public void Parse_CacheSizeZero_NeverCaches()
    {
        var parser = CreateParser(0);
        const string Json = """{"a":1}""";

        var first = parser.Parse(Json, "filter").Value;
        var second = parser.Parse(Json, "filter").Value;

        Assert.NotSame(first, second);
        Assert.Equal(0, parser.CachedCount);
    }

    [Fact]
    public void Parse_Errors_AreNotCached()
    {
        var parser = CreateParser();

        parser.Parse("""{"a":{"$foo":1}}""", "filter");
        parser.Parse("{", "filter");
        parser.Parse("[]", "filter");

        Assert.Equal(0, parser.CachedCount);
    }

    [Fact]
    public void Parse_ConcurrentSameText_AllGetOneInstance()
    {
        var parser = CreateParser(4);
        var results = new Matcher?[2000];

        Parallel.For(0, results.Length, i =>
        {
            // Other texts churn the small cache while the shared one stays hot.
            parser.Parse($$"""{"other":{{i % 3}}}""", "filter");
            results[i] = parser.Parse("""{"shared":true}""", "filter").Value;
        });

        // 4 distinct texts fit the cache, so the shared one is never evicted: racing misses still agree on one instance.
        Assert.NotNull(results[0]);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(4, parser.CachedCount);
    }
}
