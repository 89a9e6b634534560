using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>
/// Evaluates a DCB selector against one event staged earlier in the same group (a condition must see them too): a
/// stream leaf is a membership, OR any child, AND every child, <c>_all</c> everything. Generic over a struct, so the
/// check allocates nothing and calls no interface through a box.
/// </summary>
internal static class SelectorMembership
{
    public static bool Selects<TMembership>(Selector selector, in TMembership membership)
        where TMembership : struct, IStreamMembership
    {
        switch (selector)
        {
            case StreamSelector { Name.IsAll: true }:
                return true;
            case StreamSelector leaf:
                return membership.IsMember(leaf.Name.Value);
            case OrSelector or:
                foreach (var child in or.Children)
                {
                    if (Selects(child, membership))
                    {
                        return true;
                    }
                }

                return false;
            case AndSelector and:
                foreach (var child in and.Children)
                {
                    if (!Selects(child, membership))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
