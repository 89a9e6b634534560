using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.UnitTests.Support;

/// <summary>Domain values as the Api builds them at the edge, for messages in handler tests.</summary>
internal static class Values
{
    public static StreamName Stream(string name) => StreamName.Parse(name, allowAll: true);

    /// <summary>The normalized OR of the named streams.</summary>
    public static Selector Selector(params string[] streams)
    {
        var leaves = new Selector[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            leaves[i] = Domain.Selectors.Selector.Stream(Stream(streams[i]));
        }

        return Domain.Selectors.Selector.Or(leaves).Normalize();
    }

    /// <summary>The matcher <c>{"name":"value"}</c>.</summary>
    public static Matcher Matcher(string name, string value) =>
        new(new ObjectPattern([new PropertyPattern(name, new ScalarPattern(JsonScalar.FromString(value)))]), $"{{\"{name}\":\"{value}\"}}");

    public static CommitCondition Condition(long noneMatchAfter, params string[] streams) => new(Selector(streams), null, noneMatchAfter);
}
