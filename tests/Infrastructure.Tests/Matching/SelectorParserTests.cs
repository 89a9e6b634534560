using System.Text;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Infrastructure.Matching;

namespace CleanEventStore.Infrastructure.Tests.Matching;

public sealed class SelectorParserTests
{
    private const string SegmentsMessage =
        "must use segments that start with a letter or number and may contain letters, numbers, \"_\", and separators: / : @ ~ + = - # .";

    private const string QueryShape = "query must be a DCB query object with a non-empty items array.";

    private static readonly SelectorParser Parser = new();

    private static Selector ParseOk(string json, string label = "selector")
    {
        var result = Parser.ParseSelector(Encoding.UTF8.GetBytes(json), label);
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    private static string ParseError(string json, string label = "selector")
    {
        var result = Parser.ParseSelector(Encoding.UTF8.GetBytes(json), label);
        Assert.False(result.Succeeded);
        return result.Error!;
    }

    private static DcbQuery QueryOk(string json)
    {
        var result = Parser.ParseDcbQuery(Encoding.UTF8.GetBytes(json));
        Assert.True(result.Succeeded, result.Error);
        return result.Value!;
    }

    private static string QueryError(string json)
    {
        var result = Parser.ParseDcbQuery(Encoding.UTF8.GetBytes(json));
        Assert.False(result.Succeeded);
        return result.Error!;
    }

    [Fact]
    public void ParseSelector_String_IsStream()
    {
        var selector = ParseOk("\"orders-1\"");

        var stream = Assert.IsType<StreamSelector>(selector);
        Assert.Equal("orders-1", stream.Name.Value);
    }

    [Fact]
    public void ParseSelector_All_IsAll()
    {
        Assert.True(ParseOk("\"_all\"").IsAll);
        Assert.True(ParseOk("""["_all","orders-1"]""").Normalize().IsAll);
    }

    [Fact]
    public void ParseSelector_FlatArray_IsUnion()
    {
        var selector = ParseOk("""["a","b"]""");

        var union = Assert.IsType<OrSelector>(selector);
        Assert.Equal(["a", "b"], union.Children.Select(c => Assert.IsType<StreamSelector>(c).Name.Value));
    }

    [Fact]
    public void ParseSelector_ArrayAtDepthOne_IsIntersection()
    {
        var selector = ParseOk("""[["a","b"]]""");

        var union = Assert.IsType<OrSelector>(selector);
        var intersection = Assert.IsType<AndSelector>(Assert.Single(union.Children));
        Assert.Equal(2, intersection.Children.Count);
        Assert.IsType<AndSelector>(selector.Normalize());
    }

    [Fact]
    public void ParseSelector_MixedArray_IsStreamOrIntersection()
    {
        // a OR (b AND c)
        var selector = ParseOk("""["a",["b","c"]]""");

        var union = Assert.IsType<OrSelector>(selector);
        Assert.IsType<StreamSelector>(union.Children[0]);
        var intersection = Assert.IsType<AndSelector>(union.Children[1]);
        Assert.Equal(["b", "c"], intersection.Children.Select(c => Assert.IsType<StreamSelector>(c).Name.Value));
    }

    [Fact]
    public void ParseSelector_DepthTwo_IsUnionAgain()
    {
        // featured AND eu AND (OrderPlaced)
        var selector = ParseOk("""[["tags/featured","tags/eu",["OrderPlaced","OrderShipped"]]]""");

        var intersection = Assert.IsType<AndSelector>(Assert.Single(Assert.IsType<OrSelector>(selector).Children));
        Assert.IsType<OrSelector>(intersection.Children[2]);
        Assert.Equal("""[["tags/featured","tags/eu",["OrderPlaced","OrderShipped"]]]""", selector.Normalize().ToJson());
    }

    [Fact]
    public void ParseSelector_AllInsideIntersection_IsIgnoredByNormalize()
    {
        var selector = ParseOk("""[["_all","orders-1"]]""").Normalize();

        Assert.Equal("orders-1", Assert.IsType<StreamSelector>(selector).Name.Value);
    }

    [Fact]
    public void ParseSelector_IsNotNormalized()
    {
        var selector = ParseOk("""["a","a"]""");

        Assert.Equal(2, Assert.IsType<OrSelector>(selector).Children.Count);
        Assert.IsType<StreamSelector>(selector.Normalize());
    }

    [Theory]
    [InlineData("""["a"]""")]
    [InlineData("""["a","b"]""")]
    [InlineData("""[["a","b"]]""")]
    [InlineData("""["a",["b","c"]]""")]
    [InlineData("""[["t",["A","B"]]]""")]
    [InlineData("""["a",["b",["c",["d","e"]]]]""")]
    public void ParseSelector_NormalizedToJson_RoundTrips(string json)
    {
        var normal = ParseOk(json).Normalize();

        Assert.Equal(json, normal.ToJson());
        Assert.Equal(json, ParseOk(normal.ToJson()).Normalize().ToJson());
    }

    [Fact]
    public void ParseSelector_Whitespace_IsAllowed()
    {
        Assert.IsType<OrSelector>(ParseOk(" [ \"a\" ,\n[ \"b\" ] ] "));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[")]
    [InlineData("[\"a\",]")]
    [InlineData("a")]
    [InlineData("'a'")]
    [InlineData("[\"a\"] x")]
    [InlineData("\"\\ud800\"")]
    public void ParseSelector_InvalidJson_FailsWithInvalidLabel(string json)
    {
        Assert.Equal("Invalid selector.", ParseError(json));
    }

    [Fact]
    public void ParseSelector_InvalidUtf8_Fails()
    {
        var result = Parser.ParseSelector([(byte)'"', 0xFF, (byte)'"'], "selector");

        Assert.Equal("Invalid selector.", result.Error);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("""{"a":1}""")]
    public void ParseSelector_NotASelector_FailsWithShapeMessage(string json)
    {
        Assert.Equal("selector must be a non-empty selector array or stream name.", ParseError(json));
    }

    [Theory]
    [InlineData("""[[]]""", "selector[0]")]
    [InlineData("""["a",1]""", "selector[1]")]
    [InlineData("""["a",["b",[]]]""", "selector[1][1]")]
    [InlineData("""["a",["b",null]]""", "selector[1][1]")]
    [InlineData("""[{"a":1}]""", "selector[0]")]
    public void ParseSelector_BadNestedElement_FailsNamingPath(string json, string path)
    {
        Assert.Equal($"{path} must be a non-empty selector array or stream name.", ParseError(json));
    }

    [Theory]
    [InlineData("\"orders..1\"", "selector")]
    [InlineData("""["a","orders..1"]""", "selector[1]")]
    [InlineData("""[["a","b"],["c","-d"]]""", "selector[1][1]")]
    [InlineData("""[["a",["b","c_",".x"]]]""", "selector[0][1][2]")]
    public void ParseSelector_InvalidStreamName_FailsNamingPath(string json, string path)
    {
        Assert.Equal($"{path} {SegmentsMessage}", ParseError(json));
    }

    [Fact]
    public void ParseSelector_EmptyStreamName_FailsNamingPath()
    {
        Assert.Equal("selector[0] must not be empty.", ParseError("""[""]"""));
    }

    [Fact]
    public void ParseSelector_TooLongName_FailsNamingPath()
    {
        var name = new string('a', 257);

        Assert.Equal("selector[0] must be at most 256 characters long.", ParseError($"[\"{name}\"]"));
    }

    [Fact]
    public void ParseSelector_Label_IsUsedInMessages()
    {
        Assert.Equal("Invalid condition.selector.", ParseError("[", "condition.selector"));
        Assert.Equal("condition.types must be a non-empty selector array or stream name.", ParseError("[]", "condition.types"));
        Assert.Equal($"condition.selector[0] {SegmentsMessage}", ParseError("[\"a..b\"]", "condition.selector"));
    }

    [Fact]
    public void ParseDcbQuery_TypesAndTags_AreRead()
    {
        var query = QueryOk("""{"items":[{"types":["OrderPlaced"],"tags":["featured"]}]}""");

        var item = Assert.Single(query.Items);
        Assert.Equal(["OrderPlaced"], item.Types);
        Assert.Equal(["featured"], item.Tags);
        Assert.Equal("""[["tags/featured","OrderPlaced"]]""", query.ToSelector().ToJson());
    }

    [Fact]
    public void ParseDcbQuery_SeveralItems_AreKeptInOrder()
    {
        var query = QueryOk("""{"items":[{"types":["A","B"]},{},{"tags":["t"],"extra":1}],"other":{"x":[1]}}""");

        Assert.Equal(3, query.Items.Count);
        Assert.Equal(["A", "B"], query.Items[0].Types);
        Assert.Empty(query.Items[1].Types);
        Assert.Empty(query.Items[1].Tags);
        Assert.Equal(["t"], query.Items[2].Tags);
        Assert.True(query.ToSelector().IsAll);
    }

    [Fact]
    public void ParseDcbQuery_TypesOnly_CompilesToUnion()
    {
        Assert.Equal("""["A","B"]""", QueryOk("""{"items":[{"types":["A","B"]}]}""").ToSelector().ToJson());
    }

    [Fact]
    public void ParseDcbQuery_EmptyArrays_AreAllowed()
    {
        var query = QueryOk("""{"items":[{"types":[],"tags":[]}]}""");

        Assert.True(query.ToSelector().IsAll);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"items":[}""")]
    [InlineData("""{"items":[{"types":["\ud800"]}]}""")]
    public void ParseDcbQuery_InvalidJson_Fails(string json)
    {
        Assert.Equal("Invalid query.", QueryError(json));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"items":[]}""")]
    [InlineData("""{"items":null}""")]
    [InlineData("""{"items":{}}""")]
    [InlineData("""{"items":"x"}""")]
    [InlineData("""{"query":{"items":[{}]}}""")]
    public void ParseDcbQuery_NoItems_FailsWithShapeMessage(string json)
    {
        Assert.Equal(QueryShape, QueryError(json));
    }

    [Theory]
    [InlineData("""{"items":[1]}""", "query.items[0] must be an object with optional types and tags arrays.")]
    [InlineData("""{"items":[{},null]}""", "query.items[1] must be an object with optional types and tags arrays.")]
    [InlineData("""{"items":[{"types":null}]}""", "query.items[0].types must be an array of strings.")]
    [InlineData("""{"items":[{"types":"A"}]}""", "query.items[0].types must be an array of strings.")]
    [InlineData("""{"items":[{"types":["A",1]}]}""", "query.items[0].types must be an array of strings.")]
    [InlineData("""{"items":[{},{"tags":null}]}""", "query.items[1].tags must be an array of strings.")]
    [InlineData("""{"items":[{"tags":[["t"]]}]}""", "query.items[0].tags must be an array of strings.")]
    [InlineData("""{"items":[{"types":["A",""]}]}""", "query.items[0].types[1] must not be empty.")]
    [InlineData("""{"items":[{"tags":[""]}]}""", "query.items[0].tags[0] must not be empty.")]
    public void ParseDcbQuery_BadItem_FailsNamingIt(string json, string expected)
    {
        Assert.Equal(expected, QueryError(json));
    }

    [Theory]
    [InlineData("""{"items":[{"types":["Order..Placed"]}]}""", "query.items[0].types[0]")]
    [InlineData("""{"items":[{"types":["_all"]}]}""", "query.items[0].types[0]")]
    [InlineData("""{"items":[{"tags":["ok","-bad"]}]}""", "query.items[0].tags[1]")]
    public void ParseDcbQuery_InvalidName_FailsNamingIt(string json, string path)
    {
        Assert.Equal($"{path} {SegmentsMessage}", QueryError(json));
    }

    [Fact]
    public void ParseDcbQuery_TagWithSeparators_IsValidStreamSuffix()
    {
        var query = QueryOk("""{"items":[{"tags":["region/eu"]}]}""");

        Assert.Equal("""["tags/region/eu"]""", query.ToSelector().ToJson());
    }
}
