using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.ReadJoin;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class ReadJoinHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly IEventFilterFactory _filters = Substitute.For<IEventFilterFactory>();

    private ReadJoinHandler HandlerFor(Caller caller)
    {
        var options = Options.Create(new EventStoreOptions { StreamPollTimeoutMs = 250 });
        return new ReadJoinHandler(_store, new EventReads(_store, _filters, options, TimeProvider.System, new LongPolls(), new UnrestrictedCallerContext()), Access.For(caller, _store));
    }

    private void LogHasLength(long length) =>
        _store.GetVersionAsync(Arg.Any<ReadSource.Join>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(length, false)));

    [Fact]
    public async Task Handle_Join_ReadsTheSelectorAndResolvesTheWindowInGlobalPositions()
    {
        LogHasLength(10);
        var selector = Values.Selector("orders-1", "orders-2");

        var result = await HandlerFor(Caller.Unrestricted).Handle(new ReadJoinQuery(selector, new ReadWindow(RevisionBound.At(4), null, ReadDirection.Forwards, null), null), default);

        Assert.Same(selector, result.Selector);
        Assert.Equal(10, result.Version);
        Assert.Equal(new ResolvedWindow(4, 10), result.Events.Window);
        Assert.Equal(new ReadSource.Join(selector), result.Events.Source);
    }

    [Fact]
    public async Task Handle_NoVersion_ReadsAnEmptyLog()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>((SourceVersion?)null));

        var result = await HandlerFor(Caller.Unrestricted).Handle(new ReadJoinQuery(Values.Selector("a"), ReadWindow.Everything, null), default);

        Assert.Equal(0, result.Version);
    }

    [Fact]
    public async Task Handle_Filter_IsCompiledThroughTheFilterFactory()
    {
        LogHasLength(3);
        var matcher = Values.Matcher("type", "A");

        await HandlerFor(Caller.Unrestricted).Handle(new ReadJoinQuery(Values.Selector("a"), ReadWindow.Everything, matcher), default);

        _filters.Received(1).Create(matcher);
    }

    [Fact]
    public async Task Handle_CallerThatCannotReadEveryLeaf_IsRefusedBeforeAnyRead()
    {
        var caller = new Caller("r", [new AccessScope(AccessKind.Read, "orders-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            HandlerFor(caller).Handle(new ReadJoinQuery(Values.Selector("orders-1", "invoices-1"), ReadWindow.Everything, null), default).AsTask());

        Assert.Equal("read:invoices-1", denied.Scope);
        await _store.DidNotReceiveWithAnyArgs().GetVersionAsync(default!, default);
    }
}
