using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.DeleteConsumer;
using CleanEventStore.Application.Consumers.GetConsumer;
using CleanEventStore.Application.Consumers.ListConsumers;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class ConsumerQueryHandlerTests
{
    private static readonly ConsumerId Reader = ConsumerId.Parse("reader");
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();

    [Fact]
    public async Task GetConsumer_Known_ReturnsTheSnapshot()
    {
        var snapshot = ConsumerSnapshots.Running("reader", 4);
        _consumers.Find(Reader).Returns(snapshot);

        var result = await new GetConsumerHandler(_consumers, Access.Unrestricted).Handle(new GetConsumerQuery(Reader), default);

        Assert.Same(snapshot, result.Consumer);
    }

    [Fact]
    public async Task GetConsumer_Unknown_ThrowsNotFound()
    {
        var exception = await Record.ExceptionAsync(() => new GetConsumerHandler(_consumers, Access.Unrestricted).Handle(new GetConsumerQuery(Reader), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
    }

    [Fact]
    public async Task ListConsumers_ReturnsTheManagersList()
    {
        IReadOnlyList<ConsumerSnapshot> all = [ConsumerSnapshots.Running("b", 1), ConsumerSnapshots.Running("a", 2)];
        _consumers.List().Returns(all);

        var result = await new ListConsumersHandler(_consumers, Access.Unrestricted).Handle(new ListConsumersQuery(), default);

        Assert.Same(all, result.Consumers);
    }

    [Fact]
    public async Task DeleteConsumer_Known_Deletes()
    {
        _consumers.DeleteAsync(Reader, Arg.Any<CancellationToken>()).Returns(new ValueTask<bool>(true));

        var result = await new DeleteConsumerHandler(_consumers, Access.Unrestricted).Handle(new DeleteConsumerCommand(Reader), default);

        Assert.Equal(Reader, result.Deleted);
    }

    [Fact]
    public async Task DeleteConsumer_Unknown_ThrowsNotFound()
    {
        _consumers.DeleteAsync(Reader, Arg.Any<CancellationToken>()).Returns(new ValueTask<bool>(false));

        var exception = await Record.ExceptionAsync(() => new DeleteConsumerHandler(_consumers, Access.Unrestricted).Handle(new DeleteConsumerCommand(Reader), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
        Assert.Equal("Consumer \"reader\" does not exist.", exception.Message);
    }
}
