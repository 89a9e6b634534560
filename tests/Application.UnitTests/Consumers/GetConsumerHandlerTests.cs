using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.GetConsumer;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class GetConsumerHandlerTests
{
    private static readonly ConsumerId Reader = ConsumerId.Parse("reader");
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();

    [Fact]
    public async Task Handle_Known_ReturnsTheSnapshot()
    {
        var snapshot = ConsumerSnapshots.Running("reader", 4);
        _consumers.FindAsync(Reader, Arg.Any<CancellationToken>()).Returns(snapshot);

        var result = await new GetConsumerHandler(_consumers, Access.Unrestricted).Handle(new GetConsumerQuery(Reader), default);

        Assert.Same(snapshot, result.Consumer);
    }

    [Fact]
    public async Task Handle_Unknown_ThrowsNotFoundNamingTheConsumer()
    {
        var exception = await Record.ExceptionAsync(() => new GetConsumerHandler(_consumers, Access.Unrestricted).Handle(new GetConsumerQuery(Reader), default).AsTask());

        Assert.Equal("Consumer \"reader\" does not exist.", Assert.IsType<ConsumerNotFoundException>(exception).Message);
    }

    [Fact]
    public async Task Handle_CallerWithoutConsumersScope_IsRefusedBeforeTheLookup()
    {
        var caller = new Caller("r", [new AccessScope(AccessKind.Read, "orders-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => new GetConsumerHandler(_consumers, Access.For(caller)).Handle(new GetConsumerQuery(Reader), default).AsTask());

        Assert.Equal("consumers", denied.Scope);
        _ = _consumers.DidNotReceiveWithAnyArgs().FindAsync(default, default);
    }

    [Fact]
    public async Task Handle_CallerThatCannotReadTheConsumersStream_IsRefused()
    {
        _consumers.FindAsync(Reader, Arg.Any<CancellationToken>()).Returns(ConsumerSnapshots.Running("reader", 4));
        var caller = new Caller("c", [new AccessScope(AccessKind.Consumers, null), new AccessScope(AccessKind.Read, "invoices-*")]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => new GetConsumerHandler(_consumers, Access.For(caller)).Handle(new GetConsumerQuery(Reader), default).AsTask());

        Assert.Equal("read:orders-1", denied.Scope);
    }
}
