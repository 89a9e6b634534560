using System.Text;
using CleanEventStore.Infrastructure.Matching;

namespace CleanEventStore.Infrastructure.Tests.Matching;

public sealed class JsonScanTests
{
    // The container end is marked with | in each case; scanning starts just after the first character.
    [Theory]
    [InlineData("{|")]
    [InlineData("{\"a\":1|")]
    [InlineData("[1,[2,[3]],{\"x\":[]}|")]
    [InlineData("{\"a\":\"}]\",\"b\":\"[{\"|")]
    [InlineData("{\"a\":\"\\\"}\",\"b\":2|")]
    [InlineData("{\"a\":\"\\\\\",\"b\":[1]|")]
    [InlineData("{\"a\":\"\\\\\\\"]\"|")]
    [InlineData("{\"a\":\"\\u005d\\u007d\"|")]
    [InlineData("[\"caf\u00e9 \ud83d\ude00 ]\"|")]
    public void IndexOfContainerEnd_StructureInsideStrings_IsIgnored(string marked)
    {
        var json = Encoding.UTF8.GetBytes(marked.Replace("|", "}", StringComparison.Ordinal) + ",\"after\":1}");
        var expected = Encoding.UTF8.GetByteCount(marked[..marked.IndexOf('|', StringComparison.Ordinal)]);

        Assert.Equal(expected, JsonScan.IndexOfContainerEnd(json, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1000)]
    public void IndexOfContainerEnd_LongStringsWithEscapes_AreSkipped(int length)
    {
        // Escaped quotes and backslashes both before and after the short-string boundary.
        var text = string.Concat(Enumerable.Repeat("ab\\\"c}]\\\\", length / 9 + 1))[..Math.Max(0, length - 2)];
        if (text.EndsWith('\\') && !text.EndsWith("\\\\", StringComparison.Ordinal))
        {
            text = text[..^1];
        }

        var prefix = "{\"s\":\"" + text + "\",\"t\":[\"" + text + "\"]";
        var json = Encoding.UTF8.GetBytes(prefix + "},1]");

        Assert.Equal(prefix.Length, JsonScan.IndexOfContainerEnd(json, 1));
    }

    [Theory]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":\"}")]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("{\"a\":\"x\\")]
    public void IndexOfContainerEnd_Truncated_IsMinusOne(string json)
    {
        Assert.Equal(-1, JsonScan.IndexOfContainerEnd(Encoding.UTF8.GetBytes(json), 1));
    }
}
