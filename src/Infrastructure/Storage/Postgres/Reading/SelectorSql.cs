using System.Globalization;
using System.Text;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>
/// Translates a selector into SQL over the membership B-tree (<c>memberships (stream_id, position)</c>): the global
/// positions in <c>(@lo, @hi]</c> that it selects, each branch limited to its first <c>@n</c> in read order (the first
/// <c>@n</c> of a union are among the first <c>@n</c> of each branch), so a page costs O(branches x page), not
/// O(window). A union is a <c>UNION</c> of index range scans; an intersection scans its first child and probes the
/// others by <c>(stream_id, position)</c>. No query scans the log, except one
/// that selects <c>_all</c>, which is a range of the log's primary key. Stream ids are resolved beforehand and
/// written as numbers (they are <see cref="long"/>s, never text from a client); a stream that does not exist is an
/// empty set.
/// </summary>
internal static class SelectorSql
{
    /// <summary>
    /// A query of one column <c>position</c> holding at least the first <c>@n</c> selected positions in the order
    /// <paramref name="ascending"/> (not ordered itself, possibly with duplicates under a union).
    /// </summary>
    public static string Positions(Selector selector, Func<string, long?> idOf, bool ascending = true)
    {
        var builder = new StringBuilder();
        AppendPositions(builder, selector, idOf, ascending ? " ORDER BY position ASC LIMIT @n" : " ORDER BY position DESC LIMIT @n");
        return builder.ToString();
    }

    /// <summary>Appends a parenthesised query; <paramref name="limit"/> (an ORDER BY … LIMIT clause or empty) caps it.</summary>
    private static void AppendPositions(StringBuilder sql, Selector selector, Func<string, long?> idOf, string limit)
    {
        switch (selector)
        {
            case StreamSelector { Name.IsAll: true }:
                sql.Append("(SELECT position FROM events WHERE position > @lo AND position <= @hi").Append(limit).Append(')');
                return;
            case StreamSelector leaf:
                if (idOf(leaf.Name.Value) is { } id)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"(SELECT position FROM memberships WHERE stream_id = {id} AND position > @lo AND position <= @hi").Append(limit).Append(')');
                }
                else
                {
                    sql.Append("(SELECT NULL::bigint AS position WHERE false)");
                }

                return;
            case OrSelector or:
                sql.Append('(');
                for (var i = 0; i < or.Children.Count; i++)
                {
                    sql.Append(i == 0 ? string.Empty : " UNION ");
                    AppendPositions(sql, or.Children[i], idOf, limit);
                }

                sql.Append(')');
                return;
            case AndSelector and:
                // The driver is not capped: its first rows may fail the other children's probes.
                sql.Append("(SELECT position FROM ");
                AppendPositions(sql, and.Children[0], idOf, string.Empty);
                sql.Append(" d WHERE true");
                for (var i = 1; i < and.Children.Count; i++)
                {
                    sql.Append(" AND ");
                    AppendPredicate(sql, and.Children[i], idOf);
                }

                sql.Append(limit).Append(')');
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(selector), selector, "Unknown selector.");
        }
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
