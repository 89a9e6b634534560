using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.CloseStream;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.UnitTests.Security;

public sealed class AuthorizationBehaviorTests
{
    private static readonly Caller Writer = new("w", [new AccessScope(AccessKind.Write, "orders-*")]);

    private static CommitEventsCommand Commit(string stream, CommitCondition? condition = null) =>
        new(StreamName.Parse(stream), [new byte[] { (byte)'{', (byte)'}' }], default, ExpectedVersion.Any, condition, null);

    private static async Task<bool> Run<TMessage>(Caller caller, TMessage message)
        where TMessage : notnull, Mediator.IMessage
    {
        var called = false;
        var behavior = new AuthorizationBehavior<TMessage, int>(Access.For(caller));
        await behavior.Handle(message, (_, _) => { called = true; return ValueTask.FromResult(1); }, default);
        return called;
    }

    [Fact]
    public async Task Handle_WriteInThePattern_CallsTheHandler()
    {
        Assert.True(await Run(Writer, Commit("orders-1")));
    }

    [Fact]
    public async Task Handle_WriteOutsideThePattern_RefusesBeforeTheHandler()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Run(Writer, Commit("invoices-1")));

        Assert.Equal("write:invoices-1", denied.Scope);
    }

    [Fact]
    public async Task Handle_CommitWithACondition_AlsoNeedsQuery()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Run(Writer, Commit("orders-1", Values.Condition(0, "A"))));

        Assert.Equal("query", denied.Scope);
    }

    [Fact]
    public async Task Handle_AdminRequirement_RefusesOthers()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => Run(Writer, new CloseStreamCommand(StreamName.Parse("orders-1"))));

        Assert.Equal("admin", denied.Scope);
    }

    [Fact]
    public async Task Handle_MessageWithoutADeclaration_IsAProgrammingError()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(Caller.Unrestricted, new Undeclared()));
    }

    private sealed record Undeclared : Mediator.IMessage;
}
