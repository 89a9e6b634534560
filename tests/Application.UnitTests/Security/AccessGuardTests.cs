using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Security;

public sealed class AccessGuardTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private static Caller With(params string[] scopes) =>
        new("k", [.. scopes.Select(s => AccessScope.TryParse(s, out var scope, out _) ? scope : throw new ArgumentException(s))]);

    private void Exists(string name, StreamKind kind) =>
        _store.GetStreamAsync(StreamName.Parse(name), Arg.Any<CancellationToken>())
            .Returns(new ValueTask<StreamInfo?>(new StreamInfo(StreamName.Parse(name), kind, 1, false, null)));

    private void Streams(params (string Name, StreamKind Kind)[] streams) =>
        _store.ListStreamsAsync(Arg.Any<CancellationToken>()).Returns(ToAsync(streams.Select(s => new StreamInfo(StreamName.Parse(s.Name), s.Kind, 1, false, null))));

    private static async IAsyncEnumerable<StreamInfo> ToAsync(IEnumerable<StreamInfo> streams)
    {
        foreach (var stream in streams)
        {
            await Task.Yield();
            yield return stream;
        }
    }

    [Fact]
    public async Task DemandRead_WriteStreamInThePattern_IsAllowed()
    {
        Exists("orders-1", StreamKind.Write);

        await Access.For(With("read:orders-*"), _store).DemandReadAsync(StreamName.Parse("orders-1"), default);
    }

    [Fact]
    public async Task DemandRead_MissingStreamInThePattern_IsAllowedSoThatItIsA404()
    {
        await Access.For(With("read:orders-*"), _store).DemandReadAsync(StreamName.Parse("orders-9"), default);
    }

    [Fact]
    public async Task DemandRead_TypeStreamWhoseNameThePatternCovers_NeedsQuery()
    {
        Exists("orders-secret", StreamKind.Type);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.For(With("read:orders-*"), _store).DemandReadAsync(StreamName.Parse("orders-secret"), default).AsTask());

        Assert.Equal("query", denied.Scope);
    }

    [Fact]
    public async Task DemandRead_OutsideThePattern_NamesTheReadScope()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.For(With("read:orders-*"), _store).DemandReadAsync(StreamName.Parse("invoices-1"), default).AsTask());

        Assert.Equal("read:invoices-1", denied.Scope);
        Assert.Equal("This request needs the scope \"read:invoices-1\" (a read of \"invoices-1\"), which the caller does not have.", denied.Message);
    }

    [Fact]
    public async Task DemandRead_All_NeedsQuery()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.For(With("read:*"), _store).DemandReadAsync(StreamName.All, default).AsTask());

        Assert.Equal("query", denied.Scope);
    }

    [Fact]
    public async Task DemandRead_WithQuery_ReadsEverythingWithoutALookup()
    {
        await Access.For(With("query"), _store).DemandReadAsync(StreamName.Parse("anything"), default);

        await _store.DidNotReceiveWithAnyArgs().GetStreamAsync(default, default);
    }

    [Fact]
    public async Task DemandReadAll_OneLeafOutside_RefusesTheWholeJoin()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Access.For(With("read:orders-*"), _store).DemandReadAllAsync([StreamName.Parse("orders-1"), StreamName.Parse("invoices-1")], default).AsTask());

        Assert.Equal("read:invoices-1", denied.Scope);
    }

    [Fact]
    public async Task DemandCategory_PatternThatMissesNestedMembers_IsRefused()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.For(With("read:orders-*"), _store).DemandCategoryAsync("orders", default).AsTask());

        Assert.Equal("read:orders-* and read:orders/*", denied.Scope);
    }

    [Fact]
    public async Task DemandCategory_DerivedMember_NeedsQuery()
    {
        Streams(("orders-1", StreamKind.Write), ("orders-secret", StreamKind.Type), ("invoices-1", StreamKind.Tag));

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Access.For(With("read:orders*"), _store).DemandCategoryAsync("orders", default).AsTask());

        Assert.Equal("query", denied.Scope);
        Assert.Contains("\"orders-secret\", a type stream", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemandCategory_OnlyWriteMembersInThePattern_IsAllowed()
    {
        Streams(("orders-1", StreamKind.Write), ("orders/eu/1", StreamKind.Write), ("OrderPlaced", StreamKind.Type));

        await Access.For(With("read:orders*"), _store).DemandCategoryAsync("orders", default);
    }

    [Fact]
    public void Unrestricted_MayDoEverything()
    {
        var guard = Access.Unrestricted;

        guard.DemandAdmin("x");
        guard.DemandQuery("x");
        guard.DemandConsumers("x");
        guard.DemandWrite("anything");
    }
}
