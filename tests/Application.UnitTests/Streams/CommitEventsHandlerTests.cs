using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class CommitEventsHandlerTests : IDisposable
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly EventStoreTelemetry _telemetry = new();
    private CommitEventsHandler Handler => new(_store, _telemetry);

    public void Dispose() => _telemetry.Dispose();

    private static CommitEventsCommand Command(string metadata = "", CommitCondition? condition = null, ExpectedVersion? expected = null, IdempotencyToken? idempotency = null) => new(
        Values.Stream("orders-1"),
        [Encoding.UTF8.GetBytes("{\"type\":\"OrderPlaced\"}")],
        Encoding.UTF8.GetBytes(metadata),
        expected ?? ExpectedVersion.Any,
        condition,
        idempotency);

    private void StoreReturns(CommitOutcome outcome) =>
        _store.CommitAsync(Arg.Any<CommitRequest>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<CommitOutcome>(outcome));

    [Fact]
    public async Task Handle_Committed_ReturnsTheResultWithMetadataMembers()
    {
        StoreReturns(CommitOutcome.Committed(10, 1234, 3));

        var result = await Handler.Handle(Command("{\"requestId\":\"r1\"}"), default);

        Assert.Equal(10, result.CommitId);
        Assert.Equal(1234, result.CommittedAt);
        Assert.Equal(3, result.StreamVersion);
        Assert.Equal("\"requestId\":\"r1\"", Encoding.UTF8.GetString(result.MetadataMembers.Span));
        Assert.False(result.Replayed);
        await _store.Received(1).CommitAsync(
            Arg.Is<CommitRequest>(r => r.Stream.Value == "orders-1" && r.Events.Count == 1 && r.Condition == null && r.ExpectedVersion.IsAny),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_Duplicate_IsMarkedReplayed()
    {
        StoreReturns(CommitOutcome.Duplicate(1, 2, 0));

        var result = await Handler.Handle(Command(), default);

        Assert.True(result.Replayed);
    }

    [Fact]
    public async Task Handle_WrongExpectedVersion_ThrowsWithTheProtocolMessage()
    {
        StoreReturns(CommitOutcome.WrongVersion(2));

        var exception = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Handler.Handle(Command(expected: ExpectedVersion.Exactly(5)), default).AsTask());

        Assert.Equal("Optimistic Concurrency error. Expected stream \"orders-1\" at version 5 but is at version 2.", exception.Message);
    }

    [Theory]
    [InlineData(CommitStatus.StreamClosed, typeof(StreamClosedException))]
    [InlineData(CommitStatus.InvalidDerivedStream, typeof(InvalidRequestException))]
    [InlineData(CommitStatus.TooLarge, typeof(RequestTooLargeException))]
    public async Task Handle_Rejections_BecomeDomainExceptions(CommitStatus status, Type exceptionType)
    {
        StoreReturns(new CommitOutcome(status, Error: "nope"));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(Command(), default).AsTask());

        Assert.IsType(exceptionType, exception);
    }

    [Fact]
    public async Task Handle_Condition_ReplacesTheExpectedVersionAndConflictsBecome409()
    {
        StoreReturns(CommitOutcome.ConditionConflict(7));

        var exception = await Assert.ThrowsAsync<ConditionFailedException>(() =>
            Handler.Handle(Command(condition: Values.Condition(2, "OrderPlaced"), expected: ExpectedVersion.Exactly(9)), default).AsTask());

        Assert.Equal("Optimistic Concurrency error. A conflicting event was committed since the condition was obtained.", exception.Message);
        await _store.Received(1).CommitAsync(
            Arg.Is<CommitRequest>(r => r.ExpectedVersion.IsAny && r.Condition!.NoneMatchAfter == 2 && r.Condition.Selector.ToJson() == "[\"OrderPlaced\"]"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_ExpectedVersion_IsPassedToTheStoreWithTheIdempotencyToken()
    {
        StoreReturns(CommitOutcome.Committed(0, 1, 0));
        var token = new IdempotencyToken("key-1", 42);

        await Handler.Handle(Command(expected: ExpectedVersion.Exactly(0), idempotency: token), default);

        await _store.Received(1).CommitAsync(
            Arg.Is<CommitRequest>(r => r.ExpectedVersion == ExpectedVersion.Exactly(0) && r.Idempotency == token && r.Condition == null),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_IdempotencyKeyReused_Throws422NamingTheKey()
    {
        StoreReturns(new CommitOutcome(CommitStatus.IdempotencyKeyReused));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(Command(idempotency: new IdempotencyToken("key-1", 42)), default).AsTask());

        Assert.Contains("key-1", Assert.IsType<IdempotencyKeyReusedException>(exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_ReadOnlyStream_ThrowsReadOnlyNamingTheKind()
    {
        StoreReturns(CommitOutcome.ReadOnly(StreamKind.Derived));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(Command(), default).AsTask());

        var readOnly = Assert.IsType<StreamReadOnlyException>(exception);
        Assert.Equal(StreamKind.Derived, readOnly.Kind);
        Assert.Equal("Stream \"orders-1\" is a matcher stream: only the store writes to it (from its matcher). Commit to a write stream.", readOnly.Message);
    }

    [Fact]
    public async Task Handle_ConditionPastTheHead_Is400NamingTheHead()
    {
        StoreReturns(CommitOutcome.ConditionPastHead(7));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(Command(condition: Values.Condition(99, "A")), default).AsTask());

        var invalid = Assert.IsType<InvalidRequestException>(exception);
        Assert.Equal("condition.noneMatchAfter", invalid.Parameter);
        Assert.Equal("condition.noneMatchAfter is 99, past the head of the log (7): a condition comes from a read of this store (GET /query), so it never lies beyond its head.", invalid.Message);
    }

    [Fact]
    public async Task Handle_InvalidStreamName_Is400()
    {
        StoreReturns(CommitOutcome.InvalidStream("stream \"tags/x\" is under \"tags/\"."));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(Command(), default).AsTask());

        Assert.Equal("stream", Assert.IsType<InvalidRequestException>(exception).Parameter);
    }
}
