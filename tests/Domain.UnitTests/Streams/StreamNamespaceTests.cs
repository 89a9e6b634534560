using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.UnitTests.Streams;

public sealed class StreamNamespaceTests
{
    [Theory]
    [InlineData("join", "its first segment \"join\" is the route /streams/join")]
    [InlineData("join/orders", "its first segment \"join\" is the route /streams/join")]
    [InlineData("category", "its first segment \"category\" is the route /streams/category")]
    [InlineData("category/orders/1", "its first segment \"category\" is the route /streams/category")]
    [InlineData("version", "its last segment \"version\" is the route /streams/{stream}/version")]
    [InlineData("orders/version", "its last segment \"version\" is the route /streams/{stream}/version")]
    [InlineData("orders/from/3", "it ends in \"from/3\", which a read of /streams/{stream} takes for a read window")]
    [InlineData("a/b/until/x", "it ends in \"until/x\", which a read of /streams/{stream} takes for a read window")]
    [InlineData("a/forwards/1", "it ends in \"forwards/1\", which a read of /streams/{stream} takes for a read window")]
    [InlineData("a/backwards/1", "it ends in \"backwards/1\", which a read of /streams/{stream} takes for a read window")]
    public void ReservedReason_NamesThatARouteWouldReadOtherwise_SayWhy(string name, string reason)
    {
        Assert.Equal(reason, StreamNamespace.ReservedReason(name));
    }

    [Theory]
    [InlineData("orders-1")]
    [InlineData("joined")]
    [InlineData("join-1")]
    [InlineData("categoryA/x")]
    [InlineData("orders/versions")]
    [InlineData("from/3")]
    [InlineData("orders/from")]
    [InlineData("orders/eu/1")]
    [InlineData("a/from/b/c")]
    public void ReservedReason_AddressableNames_AreNotReserved(string name)
    {
        Assert.Null(StreamNamespace.ReservedReason(name));
    }

    [Fact]
    public void RefuseWriteStreamName_TagStreamsAndReservedNames_AreNoWriteStreams()
    {
        Assert.Equal(
            "stream \"tags/vip\" is under \"tags/\": tag streams are written only by the store, from the events' tags.",
            StreamNamespace.RefuseWriteStreamName("tags/vip", "stream"));
        Assert.Equal(
            "stream \"join\" is a reserved name: its first segment \"join\" is the route /streams/join.",
            StreamNamespace.RefuseWriteStreamName("join", "stream"));
        Assert.Null(StreamNamespace.RefuseWriteStreamName("tagsX/vip", "stream"));
        Assert.Null(StreamNamespace.RefuseWriteStreamName("orders-1", "stream"));
    }

    [Fact]
    public void RefuseTypeName_UnderTagsOrReserved_IsRefused()
    {
        Assert.Equal("the type \"tags/vip\" is under \"tags/\": a type may not name a tag stream", StreamNamespace.RefuseTypeName("tags/vip"));
        Assert.StartsWith("the type \"a/version\" is a reserved name: ", StreamNamespace.RefuseTypeName("a/version"), StringComparison.Ordinal);
        Assert.Null(StreamNamespace.RefuseTypeName("OrderPlaced"));
    }

    [Fact]
    public void RefuseTagName_ReservedTagStream_IsRefused()
    {
        Assert.StartsWith("the tag \"x/version\" makes the reserved name \"tags/x/version\": ", StreamNamespace.RefuseTagName("x/version", "tags/x/version"), StringComparison.Ordinal);
        Assert.Null(StreamNamespace.RefuseTagName("vip", "tags/vip"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(StreamKind.Write, true)]
    [InlineData(StreamKind.Type, false)]
    [InlineData(StreamKind.Tag, false)]
    [InlineData(StreamKind.Derived, false)]
    public void RefuseCommitTarget_OnlyNewAndWriteStreams_TakeCommits(StreamKind? kind, bool accepted)
    {
        Assert.Equal(accepted, StreamNamespace.RefuseCommitTarget("s", kind) is null);
    }

    [Fact]
    public void RefuseCommitTarget_NamesTheKindAndItsSource()
    {
        Assert.Equal(
            "Stream \"OrderPlaced\" is a type stream: only the store writes to it (from the events' types). Commit to a write stream.",
            StreamNamespace.RefuseCommitTarget("OrderPlaced", StreamKind.Type));
        Assert.Equal(
            "Stream \"big\" is a matcher stream: only the store writes to it (from its matcher). Commit to a write stream.",
            StreamNamespace.RefuseCommitTarget("big", StreamKind.Derived));
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(StreamKind.Type, false, true)]
    [InlineData(StreamKind.Write, false, false)]
    [InlineData(StreamKind.Tag, false, false)]
    [InlineData(StreamKind.Derived, false, false)]
    [InlineData(null, true, false)]
    public void RefuseEventType_OnlyTypeStreamsOrNewNames_AndNeverTheCommitsOwnStream(StreamKind? kind, bool isTarget, bool accepted)
    {
        Assert.Equal(accepted, StreamNamespace.RefuseEventType(3, "T", kind, isTarget) is null);
    }

    [Fact]
    public void RefuseEventType_NamesTheEventAndTheType()
    {
        Assert.Equal(
            "events[3]: the type \"account-1\" names a write stream; an event's type may only name a type stream.",
            StreamNamespace.RefuseEventType(3, "account-1", StreamKind.Write, isCommitTarget: false));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(StreamKind.Tag, true)]
    [InlineData(StreamKind.Write, false)]
    [InlineData(StreamKind.Derived, false)]
    public void RefuseTag_OnlyTagStreamsOrNewNames(StreamKind? kind, bool accepted)
    {
        Assert.Equal(accepted, StreamNamespace.RefuseTag(0, "tags/vip", kind) is null);
    }

    [Fact]
    public void RefuseClose_OnlyWriteStreamsCanBeClosed()
    {
        Assert.Null(StreamNamespace.RefuseClose("s", StreamKind.Write));
        Assert.Equal("Stream \"T\" is a tag stream: only write streams can be closed.", StreamNamespace.RefuseClose("T", StreamKind.Tag));
    }
}
