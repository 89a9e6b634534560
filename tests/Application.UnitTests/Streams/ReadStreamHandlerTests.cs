using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.ReadStream;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Matching;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class ReadStreamHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private ReadStreamHandler Handler
    {
        get
        {
            var options = Options.Create(new EventStoreOptions { StreamPollTimeoutMs = 250 });
            return new ReadStreamHandler(_store, new EventReads(_store, new MatcherParser(options), new EventFilterFactory(), options, TimeProvider.System, new LongPolls(), new UnrestrictedCallerContext()), Access.Unrestricted);
        }
    }

    [Fact]
    public async Task Handle_UnknownStream_ThrowsNotFound()
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>((SourceVersion?)null));

        var exception = await Assert.ThrowsAsync<StreamNotFoundException>(() => Handler.Handle(new ReadStreamQuery("nope", ReadWindow.Everything, null), default).AsTask());

        Assert.Equal("Stream \"nope\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_ExistingStream_ResolvesTheWindowAgainstItsVersion()
    {
        _store.GetVersionAsync(new ReadSource.Stream(StreamName.Parse("s")), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(5, false)));

        var result = await Handler.Handle(new ReadStreamQuery("s", new ReadWindow(null, null, ReadDirection.Backwards, 2), null), default);

        Assert.Equal(5, result.Version);
        Assert.Equal(new ResolvedWindow(5, 4), result.Events.Window);
        Assert.False(result.Events.IsLongPoll);
    }

    [Theory]
    [InlineData("{not json", "Invalid filter.")]
    [InlineData("[1]", "filter must be a JSON object.")]
    public async Task Handle_BadFilter_Is400BeforeAnyRead(string filter, string message)
    {
        _store.GetVersionAsync(Arg.Any<ReadSource>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(5, false)));

        var exception = await Assert.ThrowsAsync<InvalidRequestException>(() => Handler.Handle(new ReadStreamQuery("s", ReadWindow.Everything, filter), default).AsTask());

        Assert.Equal(message, exception.Message);
        _store.DidNotReceiveWithAnyArgs().ReadAsync(default!, default, default, default);
    }
}
