using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.ReadCategory;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class ReadCategoryHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly IEventFilterFactory _filters = Substitute.For<IEventFilterFactory>();

    private ReadCategoryHandler HandlerFor(Caller caller)
    {
        var options = Options.Create(new EventStoreOptions { StreamPollTimeoutMs = 250 });
        return new ReadCategoryHandler(_store, new EventReads(_store, _filters, options, TimeProvider.System, new LongPolls(), new UnrestrictedCallerContext()), Access.For(caller, _store));
    }

    [Fact]
    public async Task Handle_ExistingCategory_ReadsItsSourceAtItsVersion()
    {
        _store.GetVersionAsync(new ReadSource.Category("orders"), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(6, false)));

        var result = await HandlerFor(Caller.Unrestricted).Handle(new ReadCategoryQuery(Values.Stream("orders"), ReadWindow.Everything, null), default);

        Assert.Equal("orders", result.Category);
        Assert.Equal(6, result.Version);
        Assert.Equal(new ReadSource.Category("orders"), result.Events.Source);
        Assert.Equal(new ResolvedWindow(1, 6), result.Events.Window);
    }

    [Fact]
    public async Task Handle_UnknownCategory_ThrowsCategoryNotFound()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>((SourceVersion?)null));

        var exception = await Record.ExceptionAsync(() => HandlerFor(Caller.Unrestricted).Handle(new ReadCategoryQuery(Values.Stream("nope"), ReadWindow.Everything, null), default).AsTask());

        Assert.IsType<CategoryNotFoundException>(exception);
    }

    [Fact]
    public async Task Handle_CallerWithoutTheCategoryScopes_IsRefusedBeforeAnyRead()
    {
        var caller = new Caller("r", [new AccessScope(AccessKind.Read, "orders-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            HandlerFor(caller).Handle(new ReadCategoryQuery(Values.Stream("orders"), ReadWindow.Everything, null), default).AsTask());

        Assert.Equal("read:orders-* and read:orders/*", denied.Scope);
        await _store.DidNotReceiveWithAnyArgs().GetVersionAsync(default!, default);
    }

    [Fact]
    public async Task Handle_Filter_IsCompiledThroughTheFilterFactory()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(1, false)));
        var matcher = Values.Matcher("type", "A");

        await HandlerFor(Caller.Unrestricted).Handle(new ReadCategoryQuery(Values.Stream("orders"), ReadWindow.Everything, matcher), default);

        _filters.Received(1).Create(matcher);
    }
}
