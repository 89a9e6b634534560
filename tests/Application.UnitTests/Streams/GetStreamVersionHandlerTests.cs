using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.GetStreamVersion;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class GetStreamVersionHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private GetStreamVersionHandler HandlerFor(Caller caller) => new(_store, Access.For(caller, _store));

    [Fact]
    public async Task Handle_ExistingStream_ReturnsItsVersion()
    {
        _store.GetVersionAsync(new ReadSource.Stream(Values.Stream("orders-1")), Arg.Any<CancellationToken>())
            .Returns(new ValueTask<SourceVersion?>(new SourceVersion(7, Closed: false)));

        var result = await HandlerFor(Caller.Unrestricted).Handle(new GetStreamVersionQuery(Values.Stream("orders-1")), default);

        Assert.Equal(Values.Stream("orders-1"), result.Stream);
        Assert.Equal(7, result.Version);
    }

    [Fact]
    public async Task Handle_All_AsksForTheLogLength()
    {
        _store.GetVersionAsync(new ReadSource.Stream(StreamName.All), Arg.Any<CancellationToken>())
            .Returns(new ValueTask<SourceVersion?>(new SourceVersion(42, Closed: false)));

        var result = await HandlerFor(Caller.Unrestricted).Handle(new GetStreamVersionQuery(StreamName.All), default);

        Assert.Equal(42, result.Version);
    }

    [Fact]
    public async Task Handle_UnknownStream_ThrowsNotFound()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>((SourceVersion?)null));

        var exception = await Record.ExceptionAsync(() => HandlerFor(Caller.Unrestricted).Handle(new GetStreamVersionQuery(Values.Stream("nope")), default).AsTask());

        Assert.Equal("Stream \"nope\" does not exist.", Assert.IsType<StreamNotFoundException>(exception).Message);
    }

    [Fact]
    public async Task Handle_CallerWithoutReadScope_IsRefusedBeforeTheVersionIsRead()
    {
        var caller = new Caller("r", [new AccessScope(AccessKind.Read, "orders-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => HandlerFor(caller).Handle(new GetStreamVersionQuery(Values.Stream("invoices-1")), default).AsTask());

        Assert.Equal("read:invoices-1", denied.Scope);
        await _store.DidNotReceiveWithAnyArgs().GetVersionAsync(default!, default);
    }
}
