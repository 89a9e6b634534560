using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.DeleteConsumer;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class DeleteConsumerHandlerTests
{
    private static readonly ConsumerId Reader = ConsumerId.Parse("reader");
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();

    [Fact]
    public async Task Handle_Known_Deletes()
    {
        _consumers.DeleteAsync(Reader, Arg.Any<CancellationToken>()).Returns(new ValueTask<bool>(true));

        var result = await new DeleteConsumerHandler(_consumers, Access.Unrestricted).Handle(new DeleteConsumerCommand(Reader), default);

        Assert.Equal(Reader, result.Deleted);
        await _consumers.Received(1).DeleteAsync(Reader, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_Unknown_ThrowsNotFound()
    {
        _consumers.DeleteAsync(Reader, Arg.Any<CancellationToken>()).Returns(new ValueTask<bool>(false));

        var exception = await Record.ExceptionAsync(() => new DeleteConsumerHandler(_consumers, Access.Unrestricted).Handle(new DeleteConsumerCommand(Reader), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
        Assert.Equal("Consumer \"reader\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_CallerThatCannotReadTheConsumersStream_IsRefusedAndNothingIsDeleted()
    {
        _consumers.FindAsync(Reader, Arg.Any<CancellationToken>()).Returns(ConsumerSnapshots.Running("reader", 4));
        var caller = new Caller("c", [new AccessScope(AccessKind.Consumers, null)]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => new DeleteConsumerHandler(_consumers, Access.For(caller)).Handle(new DeleteConsumerCommand(Reader), default).AsTask());

        Assert.Equal("read:orders-1", denied.Scope);
        await _consumers.DidNotReceiveWithAnyArgs().DeleteAsync(default, default);
    }
}
