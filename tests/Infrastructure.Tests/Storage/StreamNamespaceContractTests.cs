using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage;

/// <summary>
/// The namespace rules every storage provider enforces: derived streams (type, tag, matcher) are written only by the
/// store; an event's type or tag may only name a stream of its own kind; a refused commit writes nothing. The races
/// inside one group commit are here too: the provider's writer is held (<see cref="HoldNextGroupAsync"/>) while two
/// commits that would collide are queued, so that they are checked in the same group.
/// </summary>
public abstract class StreamNamespaceContractTests : IAsyncLifetime
{
    protected IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected abstract Task<IEventStore> OpenAsync();

    /// <summary>Parks the store's writer before its next group; what is queued until the handle is disposed is one group.</summary>
    protected abstract Task<IDisposable> HoldNextGroupAsync();

    [Fact]
    public async Task RacingInOneGroup_NewWriteStreamFirst_RefusesTheTypeOfTheSameName()
    {
        Task<CommitOutcome> owner;
        Task<CommitOutcome> forger;
        using (await HoldNextGroupAsync())
        {
            owner = Store.CommitAsync("race-1", "{\"type\":\"Opened\"}").AsTask();
            forger = Store.CommitAsync("mallory", "{\"type\":\"race-1\"}").AsTask();
        }

        Assert.Equal(CommitStatus.Committed, (await owner).Status);
        var refused = await forger;
        Assert.Equal(CommitStatus.InvalidDerivedStream, refused.Status);
        Assert.Equal("events[0]: the type \"race-1\" names a write stream; an event's type may only name a type stream.", refused.Error);
        Assert.Equal(StreamKind.Write, (await Store.GetStreamAsync(StreamName.Parse("race-1"), default))!.Kind);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("mallory"), default));
        Assert.Equal(1, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task RacingInOneGroup_TypeFirst_RefusesTheCommitToTheNewTypeStream()
    {
        Task<CommitOutcome> typed;
        Task<CommitOutcome> direct;
        using (await HoldNextGroupAsync())
        {
            typed = Store.CommitAsync("orders-1", "{\"type\":\"race-2\"}").AsTask();
            direct = Store.CommitAsync("race-2", "{\"type\":\"Foreign\"}").AsTask();
        }

        Assert.Equal(CommitStatus.Committed, (await typed).Status);
        var refused = await direct;
        Assert.Equal(CommitStatus.ReadOnlyStream, refused.Status);
        Assert.Equal(StreamKind.Type, refused.Kind);
        Assert.Equal(["orders-1"], (await Store.ReadStreamAsync("race-2")).Streams());
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("Foreign"), default));
    }

    [Fact]
    public async Task RacingInOneGroup_NewMatcherStreamFirst_RefusesTheTypeAndTheCommitOfTheSameName()
    {
        Task<StreamChangeOutcome> created;
        Task<CommitOutcome> typed;
        Task<CommitOutcome> direct;
        using (await HoldNextGroupAsync())
        {
            created = Store.CreateStreamAsync(StreamName.Parse("race-3"), StoreFactory.Matchers().Parse("{\"payload\":{\"n\":1}}", "matcher").Value!, default).AsTask();
            typed = Store.CommitAsync("orders-1", "{\"type\":\"race-3\",\"n\":1}").AsTask();
            direct = Store.CommitAsync("race-3", "{\"n\":1}").AsTask();
        }

        Assert.Equal(StreamChangeStatus.Done, (await created).Status);
        var forged = await typed;
        Assert.Equal(CommitStatus.InvalidDerivedStream, forged.Status);
        Assert.Equal("events[0]: the type \"race-3\" names a matcher stream; an event's type may only name a type stream.", forged.Error);
        Assert.Equal(CommitOutcome.ReadOnly(StreamKind.Derived), await direct);
        Assert.Equal(0, await Store.GetHeadAsync(default));
        Assert.Equal(0, (await Store.GetStreamAsync(StreamName.Parse("race-3"), default))!.Version);
    }

    [Fact]
    public async Task RacingInOneGroup_SameExpectedVersionAndSameCondition_TheSecondSeesTheFirst()
    {
        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("tags/seat-1")), null, 0);
        Task<CommitOutcome>[] versioned;
        Task<CommitOutcome>[] conditioned;
        using (await HoldNextGroupAsync())
        {
            versioned =
            [
                Store.CommitAsync(StoreExtensions.Request("acct-1", ["{\"type\":\"Opened\"}"], ExpectedVersion.Empty), default).AsTask(),
                Store.CommitAsync(StoreExtensions.Request("acct-1", ["{\"type\":\"Opened\"}"], ExpectedVersion.Empty), default).AsTask(),
            ];
            conditioned =
            [
                Store.CommitAsync(StoreExtensions.Request("res-1", ["{\"type\":\"Reserved\",\"tags\":[\"seat-1\"]}"], condition: condition), default).AsTask(),
                Store.CommitAsync(StoreExtensions.Request("res-2", ["{\"type\":\"Reserved\",\"tags\":[\"seat-1\"]}"], condition: condition), default).AsTask(),
            ];
        }

        Assert.Equal(CommitOutcome.Committed(0, (await versioned[0]).CommittedAt, 0), await versioned[0]);
        Assert.Equal(CommitOutcome.WrongVersion(1), await versioned[1]);
        Assert.Equal(CommitStatus.Committed, (await conditioned[0]).Status);
        Assert.Equal(CommitOutcome.ConditionConflict(2), await conditioned[1]);
        Assert.Equal(2, await Store.GetHeadAsync(default));
        Assert.Equal(["res-1"], (await Store.ReadStreamAsync("tags/seat-1")).Streams());
    }

    [Fact]
    public async Task Commit_TypeNamingAWriteStream_IsRefusedAndTheOwnersStreamIsUntouched()
    {
        await Store.CommitAsync("account-1", "{\"type\":\"Opened\"}");

        var forged = await Store.CommitAsync("mallory-1", "{\"type\":\"Noop\"}", "{\"type\":\"account-1\"}");
        var owner = await Store.CommitAsync(StoreExtensions.Request("account-1", ["{\"type\":\"Deposited\"}"], ExpectedVersion.Exactly(1)), default);

        Assert.Equal(CommitStatus.InvalidDerivedStream, forged.Status);
        Assert.Equal("events[1]: the type \"account-1\" names a write stream; an event's type may only name a type stream.", forged.Error);
        Assert.Equal(CommitStatus.Committed, owner.Status);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("mallory-1"), default));
        Assert.Equal(2, await Store.GetHeadAsync(default));
        Assert.Equal(["account-1", "account-1"], (await Store.ReadStreamAsync("account-1")).Streams());
    }

    [Fact]
    public async Task Commit_TypeNamingAClosedWriteStream_IsRefused()
    {
        await Store.CommitAsync("account-2", "{\"type\":\"Opened\"}");
        await Store.CloseStreamAsync(StreamName.Parse("account-2"), default);

        var forged = await Store.CommitAsync("mallory-2", "{\"type\":\"account-2\"}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, forged.Status);
        Assert.Equal(1, (await Store.GetStreamAsync(StreamName.Parse("account-2"), default))!.Version);
    }

    [Fact]
    public async Task Commit_TypeNamingAMatcherStream_IsRefused()
    {
        await Store.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"amount\":5}");
        await Store.CreateStreamAsync(StreamName.Parse("big-orders"), StoreFactory.Matchers().Parse("{\"payload\":{\"amount\":{\"$gte\":100}}}", "matcher").Value!, default);

        var forged = await Store.CommitAsync("orders-2", "{\"type\":\"big-orders\"}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, forged.Status);
        Assert.Equal("events[0]: the type \"big-orders\" names a matcher stream; an event's type may only name a type stream.", forged.Error);
        Assert.Equal(0, (await Store.GetStreamAsync(StreamName.Parse("big-orders"), default))!.Version);
    }

    [Fact]
    public async Task Commit_TypeUnderTags_CannotForgeATagStream()
    {
        var forged = await Store.CommitAsync("mallory-3", "{\"type\":\"tags/vip\"}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, forged.Status);
        Assert.Equal("events[0]: the type \"tags/vip\" is under \"tags/\": a type may not name a tag stream", forged.Error);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("tags/vip"), default));
        Assert.Equal(0, await Store.GetHeadAsync(default));
    }

    [Theory]
    [InlineData("join", "its first segment \"join\" is the route /streams/join")]
    [InlineData("a/version", "its last segment \"version\" is the route /streams/{stream}/version")]
    public async Task Commit_ReservedType_IsRefused(string type, string reason)
    {
        var outcome = await Store.CommitAsync("typed", $"{{\"type\":\"{type}\"}}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, outcome.Status);
        Assert.Equal($"events[0]: the type \"{type}\" is a reserved name: {reason}", outcome.Error);
    }

    [Fact]
    public async Task Commit_TypeThatIsTheCommitsOwnNewStream_IsRefused()
    {
        var outcome = await Store.CommitAsync("orders", "{\"type\":\"orders\"}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, outcome.Status);
        Assert.Equal("events[0]: the type \"orders\" is the stream this commit writes to; one name cannot be both a write stream and a type stream.", outcome.Error);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("orders"), default));
    }

    [Theory]
    [InlineData("{\"type\":\"OrderPlaced\"}", "OrderPlaced", StreamKind.Type)]
    [InlineData("{\"type\":\"OrderPlaced\",\"tags\":[\"vip\"]}", "tags/vip", StreamKind.Tag)]
    public async Task Commit_ToADerivedStream_IsRefusedAsReadOnly(string seed, string target, StreamKind kind)
    {
        await Store.CommitAsync("orders-1", seed);

        var outcome = await Store.CommitAsync(new CommitRequest(StreamName.Parse(target), [StoreExtensions.Json("{\"type\":\"Foreign\"}")], default, ExpectedVersion.Any, null, null), default);

        Assert.Equal(target == "tags/vip" ? CommitStatus.InvalidStreamName : CommitStatus.ReadOnlyStream, outcome.Status);
        Assert.Equal(kind, (await Store.GetStreamAsync(StreamName.Parse(target), default))!.Kind);
        Assert.Equal(["orders-1"], (await Store.ReadStreamAsync(target)).Streams());
    }

    [Fact]
    public async Task Commit_ToAMatcherStream_IsRefusedAsReadOnly()
    {
        await Store.CreateStreamAsync(StreamName.Parse("placed"), StoreFactory.Matchers().Parse("{\"payload\":{\"type\":\"OrderPlaced\"}}", "matcher").Value!, default);

        var outcome = await Store.CommitAsync("placed", "{\"type\":\"Foreign\"}");

        Assert.Equal(CommitStatus.ReadOnlyStream, outcome.Status);
        Assert.Equal(StreamKind.Derived, outcome.Kind);
        Assert.Equal(0, await Store.GetHeadAsync(default));
    }

    [Theory]
    [InlineData("tags/vip")]
    [InlineData("join")]
    [InlineData("category/x")]
    [InlineData("orders/version")]
    [InlineData("orders/from/3")]
    public async Task Commit_ToANameThatCannotBeAWriteStream_IsRefused(string name)
    {
        var outcome = await Store.CommitAsync(name, "{\"type\":\"T\"}");

        Assert.Equal(CommitStatus.InvalidStreamName, outcome.Status);
        Assert.StartsWith($"stream \"{name}\" is ", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(0, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Close_ADerivedStream_IsRefusedAndItKeepsGrowing()
    {
        await Store.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");

        var outcome = await Store.CloseStreamAsync(StreamName.Parse("OrderPlaced"), default);
        await Store.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\"}");

        Assert.Equal(StreamChangeStatus.NotWriteStream, outcome.Status);
        Assert.Equal(StreamKind.Type, outcome.Kind);
        var stream = (await Store.GetStreamAsync(StreamName.Parse("OrderPlaced"), default))!;
        Assert.False(stream.Closed);
        Assert.Equal(2, stream.Version);
    }

    [Fact]
    public async Task Condition_NoneMatchAfterPastTheHead_IsRefusedWithTheHead()
    {
        await Store.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");
        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("OrderPlaced")), null, 999_999_999);

        var outcome = await Store.CommitAsync(StoreExtensions.Request("orders-2", ["{\"type\":\"OrderPlaced\"}"], condition: condition), default);

        Assert.Equal(CommitStatus.ConditionAfterHead, outcome.Status);
        Assert.Equal(1, outcome.Head);
        Assert.Equal(1, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Condition_NoneMatchAfterAtTheHead_IsAccepted()
    {
        await Store.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");
        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("OrderPlaced")), null, 1);

        var outcome = await Store.CommitAsync(StoreExtensions.Request("orders-2", ["{\"type\":\"OrderPlaced\"}"], condition: condition), default);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
    }
}
