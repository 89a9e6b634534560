using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.ReadStream;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class ReadStreamHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly IEventFilterFactory _filters = Substitute.For<IEventFilterFactory>();

    private ReadStreamHandler Handler => HandlerFor(Caller.Unrestricted);

    private ReadStreamHandler HandlerFor(Caller caller)
    {
        var options = Options.Create(new EventStoreOptions { StreamPollTimeoutMs = 250 });
        return new ReadStreamHandler(_store, new EventReads(_store, _filters, options, TimeProvider.System, new LongPolls(), new UnrestrictedCallerContext()), Access.For(caller, _store));
    }

    private void StreamHasVersion(string stream, long version) =>
        _store.GetVersionAsync(new ReadSource.Stream(Values.Stream(stream)), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(version, false)));

    [Fact]
    public async Task Handle_UnknownStream_ThrowsNotFound()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>((SourceVersion?)null));

        var exception = await Assert.ThrowsAsync<StreamNotFoundException>(() => Handler.Handle(new ReadStreamQuery(Values.Stream("nope"), ReadWindow.Everything, null), default).AsTask());

        Assert.Equal("Stream \"nope\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_ExistingStream_ResolvesTheWindowAgainstItsVersion()
    {
        StreamHasVersion("s", 5);

        var result = await Handler.Handle(new ReadStreamQuery(Values.Stream("s"), new ReadWindow(null, null, ReadDirection.Backwards, 2), null), default);

        Assert.Equal(5, result.Version);
        Assert.Equal(Values.Stream("s"), result.Stream);
        Assert.Equal(new ResolvedWindow(5, 4), result.Events.Window);
        Assert.False(result.Events.IsLongPoll);
        _filters.DidNotReceiveWithAnyArgs().Create(default!);
    }

    [Fact]
    public async Task Handle_Filter_IsCompiledThroughTheFilterFactory()
    {
        StreamHasVersion("s", 5);
        var matcher = Values.Matcher("type", "OrderPlaced");

        await Handler.Handle(new ReadStreamQuery(Values.Stream("s"), ReadWindow.Everything, matcher), default);

        _filters.Received(1).Create(matcher);
    }

    [Fact]
    public async Task Handle_FilterThatMatchesEverything_CompilesNoFilter()
    {
        StreamHasVersion("s", 5);

        await Handler.Handle(new ReadStreamQuery(Values.Stream("s"), ReadWindow.Everything, Matcher.All), default);

        _filters.DidNotReceiveWithAnyArgs().Create(default!);
    }

    [Fact]
    public async Task Handle_CallerWithoutReadScope_IsRefusedBeforeTheVersionIsRead()
    {
        var caller = new Caller("r", [new AccessScope(AccessKind.Read, "orders-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => HandlerFor(caller).Handle(new ReadStreamQuery(Values.Stream("invoices-1"), ReadWindow.Everything, null), default).AsTask());

        Assert.Equal("read:invoices-1", denied.Scope);
        await _store.DidNotReceiveWithAnyArgs().GetVersionAsync(default!, default);
    }
}
