using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.CloseStream;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class CloseStreamHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    [Fact]
    public async Task Handle_Done_ReportsClosed()
    {
        _store.CloseStreamAsync(StreamName.Parse("s"), Arg.Any<CancellationToken>()).Returns(new ValueTask<StreamChangeOutcome>(new StreamChangeOutcome(StreamChangeStatus.Done, 3)));

        var result = await new CloseStreamHandler(_store).Handle(new CloseStreamCommand(StreamName.Parse("s")), default);

        Assert.True(result.Closed);
        Assert.Equal("s", result.Stream.Value);
    }

    [Theory]
    [InlineData(StreamChangeStatus.NotFound, typeof(StreamNotFoundException), "Stream \"s\" does not exist.")]
    [InlineData(StreamChangeStatus.AlreadyClosed, typeof(StreamClosedException), "Stream \"s\" is already closed.")]
    public async Task Handle_Failures_UseTheProtocolMessages(StreamChangeStatus status, Type type, string message)
    {
        _store.CloseStreamAsync(Arg.Any<StreamName>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<StreamChangeOutcome>(new StreamChangeOutcome(status)));

        var exception = await Record.ExceptionAsync(() => new CloseStreamHandler(_store).Handle(new CloseStreamCommand(StreamName.Parse("s")), default).AsTask());

        Assert.IsType(type, exception);
        Assert.Equal(message, exception!.Message);
    }

    [Fact]
    public async Task Handle_DerivedStream_IsReadOnlyNamingItsKind()
    {
        _store.CloseStreamAsync(Arg.Any<StreamName>(), Arg.Any<CancellationToken>())
            .Returns(new ValueTask<StreamChangeOutcome>(new StreamChangeOutcome(StreamChangeStatus.NotWriteStream, 2, StreamKind.Type)));

        var exception = await Record.ExceptionAsync(() => new CloseStreamHandler(_store).Handle(new CloseStreamCommand(StreamName.Parse("OrderPlaced")), default).AsTask());

        var readOnly = Assert.IsType<StreamReadOnlyException>(exception);
        Assert.Equal(StreamKind.Type, readOnly.Kind);
        Assert.Equal("Stream \"OrderPlaced\" is a type stream: only write streams can be closed.", readOnly.Message);
    }
}
