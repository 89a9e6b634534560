using System.Text.RegularExpressions;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Postgres.Reading;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>The SQL of a selector never scans a range without a page limit, whatever the nesting.</summary>
public sealed partial class SelectorSqlTests
{
    [Theory]
    [InlineData("[\"a\"]")]
    [InlineData("[\"a\",\"b\",\"_all\"]")]
    [InlineData("[[\"a\",\"b\"]]")]
    [InlineData("[[[\"a\",\"b\"],[\"c\",\"d\"]]]")]
    [InlineData("[[\"_all\",[\"a\",[\"b\",\"c\"]]],\"d\"]")]
    public void Candidates_EveryRangeScan_IsLimitedToAPage(string json)
    {
        var selector = new SelectorParser().ParseSelector(System.Text.Encoding.UTF8.GetBytes(json), "selector").Value!.Normalize();

        foreach (var ascending in new[] { true, false })
        {
            var sql = SelectorSql.Candidates(selector, name => name[0] - 'a' + 1L, ascending);

            var scans = RangeScan().Matches(sql);
            Assert.NotEmpty(scans);
            Assert.All(scans, scan => Assert.EndsWith(ascending ? "ORDER BY position ASC LIMIT @n" : "ORDER BY position DESC LIMIT @n", scan.Value, StringComparison.Ordinal));
            Assert.DoesNotContain("LIMIT @n) d WHERE", sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Candidates_Intersection_DrivesFromAStreamAndProbesTheRest()
    {
        var selector = new SelectorParser().ParseSelector("[[\"_all\",[\"a\",\"b\"],\"c\"]]"u8.ToArray(), "selector").Value!.Normalize();

        var sql = SelectorSql.Candidates(selector, name => name[0] - 'a' + 1L);

        Assert.Contains("FROM (SELECT position, true AS hit FROM memberships WHERE stream_id = 3 AND position > @lo AND position <= @hi ORDER BY position ASC LIMIT @n) d)", sql, StringComparison.Ordinal);
        Assert.Contains("(EXISTS (SELECT 1 FROM memberships m WHERE m.stream_id = 1 AND m.position = d.position) OR EXISTS (SELECT 1 FROM memberships m WHERE m.stream_id = 2 AND m.position = d.position))", sql, StringComparison.Ordinal);
        Assert.IsType<AndSelector>(selector);
    }

    /// <summary>A range scan of memberships or of the log, up to the end of its parenthesised query.</summary>
    [GeneratedRegex(@"FROM (memberships|events) WHERE (stream_id = \d+ AND )?position > @lo AND position <= @hi[^)]*")]
    private static partial Regex RangeScan();
}
