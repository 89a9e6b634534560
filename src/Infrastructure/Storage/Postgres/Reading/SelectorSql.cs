using System.Globalization;
using System.Text;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>
/// Translates a selector into SQL over the membership B-tree (<c>memberships (stream_id, position)</c>): the
/// <em>candidates</em> among the global positions in <c>(@lo, @hi]</c>, as rows <c>(position, hit)</c>, where
/// <c>hit</c> says whether the selector selects the position. Every branch is limited to its first <c>@n</c>
/// candidates in read order, so a page costs O(branches x page), never O(window):
/// <list type="bullet">
/// <item>a stream is an index range scan (<c>hit</c> always true); <c>_all</c> is a range of the log's primary key;
/// a stream that does not exist is empty;</item>
/// <item>a union merges its children's candidates (<c>hit</c> if any child's is) and keeps the first <c>@n</c>: the
/// first <c>@n</c> of a union are among the first <c>@n</c> of each branch;</item>
/// <item>an intersection takes the first <c>@n</c> candidates of one child (its driver) and probes the others by
/// <c>(stream_id, position)</c>; a driver candidate that fails a probe stays a candidate with <c>hit</c> false, so
/// the page still advances past it (the reader skips it) instead of scanning the driver to the end of the window.</item>
/// </list>
/// Stream ids are resolved beforehand and written as numbers (they are <see cref="long"/>s, never text from a client).
/// </summary>
internal static class SelectorSql
{
    /// <summary>
    /// A query of columns <c>position, hit</c> holding, among others, the first <c>@n</c> candidates in the order
    /// <paramref name="ascending"/> (not ordered itself, possibly with a position more than once): a page is the first
    /// <c>@n</c> distinct positions of it (<see cref="Page"/>).
    /// </summary>
    public static string Candidates(Selector selector, Func<string, long?> idOf, bool ascending = true)
    {
        var builder = new StringBuilder();
        AppendCandidates(builder, selector, idOf, ascending ? " ORDER BY position ASC LIMIT @n" : " ORDER BY position DESC LIMIT @n");
        return builder.ToString();
    }

    /// <summary>
    /// The first <c>@n</c> distinct candidates of <paramref name="candidates"/> in the order <paramref name="order"/>
    /// (<c>ASC</c> or <c>DESC</c>), as rows <c>(position, hit)</c>, ordered.
    /// </summary>
    public static string Page(string candidates, string order) =>
        $"SELECT c.position, bool_or(c.hit) AS hit FROM ({candidates}) c GROUP BY c.position ORDER BY c.position {order} LIMIT @n";

    /// <summary>Appends a parenthesised query; <paramref name="limit"/> (an ORDER BY … LIMIT clause) caps it.</summary>
    private static void AppendCandidates(StringBuilder sql, Selector selector, Func<string, long?> idOf, string limit)
    {
        switch (selector)
        {
            case StreamSelector { Name.IsAll: true }:
                sql.Append("(SELECT position, true AS hit FROM events WHERE position > @lo AND position <= @hi").Append(limit).Append(')');
                return;
            case StreamSelector leaf:
                if (idOf(leaf.Name.Value) is { } id)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"(SELECT position, true AS hit FROM memberships WHERE stream_id = {id} AND position > @lo AND position <= @hi")
                        .Append(limit)
                        .Append(')');
                }
                else
                {
                    sql.Append("(SELECT NULL::bigint AS position, false AS hit WHERE false)");
                }

                return;
            case OrSelector or:
                sql.Append("(SELECT position, bool_or(hit) AS hit FROM (");
                for (var i = 0; i < or.Children.Count; i++)
                {
                    sql.Append(i == 0 ? string.Empty : " UNION ALL ");
                    AppendCandidates(sql, or.Children[i], idOf, limit);
                }

                sql.Append(") u GROUP BY position").Append(limit).Append(')');
                return;
            case AndSelector and:
                var driver = Driver(and);
                sql.Append("(SELECT d.position, d.hit");
                for (var i = 0; i < and.Children.Count; i++)
                {
                    if (i != driver)
                    {
                        sql.Append(" AND ");
                        AppendPredicate(sql, and.Children[i], idOf);
                    }
                }

                sql.Append(" AS hit FROM ");
                AppendCandidates(sql, and.Children[driver], idOf, limit);
                sql.Append(" d)");
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(selector), selector, "Unknown selector.");
        }
    }

    /// <summary>The child an intersection scans: its first stream that is not <c>_all</c>, else its first child.</summary>
    private static int Driver(AndSelector and)
    {
        for (var i = 0; i < and.Children.Count; i++)
        {
            if (and.Children[i] is StreamSelector { Name.IsAll: false })
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>A boolean over <c>d.position</c>: the event there is selected.</summary>
    private static void AppendPredicate(StringBuilder sql, Selector selector, Func<string, long?> idOf)
    {
        switch (selector)
        {
            case StreamSelector { Name.IsAll: true }:
                sql.Append("true");
                return;
            case StreamSelector leaf:
                if (idOf(leaf.Name.Value) is { } id)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"EXISTS (SELECT 1 FROM memberships m WHERE m.stream_id = {id} AND m.position = d.position)");
                }
                else
                {
                    sql.Append("false");
                }

                return;
            case CompositeSelector composite:
                var separator = composite is OrSelector ? " OR " : " AND ";
                sql.Append('(');
                for (var i = 0; i < composite.Children.Count; i++)
                {
                    if (i > 0)
                    {
                        sql.Append(separator);
                    }

                    AppendPredicate(sql, composite.Children[i], idOf);
                }

                sql.Append(')');
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(selector), selector, "Unknown selector.");
        }
    }
}
