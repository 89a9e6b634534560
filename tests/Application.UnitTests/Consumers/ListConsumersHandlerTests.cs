using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.ListConsumers;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class ListConsumersHandlerTests
{
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();

    [Fact]
    public async Task Handle_ReturnsTheManagersList()
    {
        IReadOnlyList<ConsumerSnapshot> all = [ConsumerSnapshots.Running("b", 1), ConsumerSnapshots.Running("a", 2)];
        _consumers.List().Returns(all);

        var result = await new ListConsumersHandler(_consumers, Access.Unrestricted).Handle(new ListConsumersQuery(), default);

        Assert.Same(all, result.Consumers);
    }

    [Fact]
    public async Task Handle_CallerWithConsumersButNotQuery_IsRefused()
    {
        var caller = new Caller("c", [new AccessScope(AccessKind.Consumers, null)]);

        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => new ListConsumersHandler(_consumers, Access.For(caller)).Handle(new ListConsumersQuery(), default).AsTask());

        Assert.Equal("query", denied.Scope);
        _consumers.DidNotReceive().List();
    }
}
