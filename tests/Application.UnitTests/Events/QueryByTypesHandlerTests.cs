using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Events.QueryByTypes;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Events;

public sealed class QueryByTypesHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly IEventFilterFactory _filters = Substitute.For<IEventFilterFactory>();
    private readonly ICallerContext _callers = Substitute.For<ICallerContext>();

    public QueryByTypesHandlerTests() => _callers.Current.Returns(Caller.Unrestricted);

    private QueryByTypesHandler Handler => new(
        _store,
        _filters,
        TimeProvider.System,
        new LongPolls(),
        _callers,
        new EventReads(_store, _filters, Options.Create(new EventStoreOptions()), TimeProvider.System, new LongPolls(), _callers));

    private void HeadIs(long head) => _store.GetHeadAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<long>(head));

    [Fact]
    public async Task Handle_ConditionProtectsTheSelectorAndMatcherUpToTheHead()
    {
        HeadIs(12);
        var selector = Values.Selector("OrderPlaced", "OrderShipped");
        var matcher = Values.Matcher("region", "eu");

        var result = await Handler.Handle(new QueryByTypesQuery(selector, matcher, null), default);

        Assert.Same(selector, result.Condition.Selector);
        Assert.Same(matcher, result.Condition.Matcher);
        Assert.Equal(12, result.Condition.NoneMatchAfter);
        Assert.Equal(new ResolvedWindow(1, 12), result.Events.Window);
        Assert.Equal(new ReadSource.Join(selector), result.Events.Source);
        Assert.False(result.Events.IsLongPoll);
        _filters.Received(1).Create(matcher);
    }

    [Fact]
    public async Task Handle_From_StartsTheWindowThere()
    {
        HeadIs(12);

        var result = await Handler.Handle(new QueryByTypesQuery(Values.Selector("A"), null, RevisionBound.At(5)), default);

        Assert.Equal(new ResolvedWindow(5, 12), result.Events.Window);
        Assert.Null(result.Condition.Matcher);
        _filters.DidNotReceiveWithAnyArgs().Create(default!);
    }

    [Fact]
    public async Task Handle_FromPastTheHead_ReadsNothingButStillGivesTheCondition()
    {
        HeadIs(3);

        var result = await Handler.Handle(new QueryByTypesQuery(Values.Selector("A"), null, RevisionBound.At(9)), default);

        Assert.Equal(ResolvedWindow.Empty, result.Events.Window);
        Assert.Equal(3, result.Condition.NoneMatchAfter);
    }

    [Fact]
    public async Task Handle_MatcherThatMatchesEverything_IsKeptInTheConditionButNotCompiled()
    {
        HeadIs(1);

        var result = await Handler.Handle(new QueryByTypesQuery(Values.Selector("A"), Matcher.All, null), default);

        Assert.Same(Matcher.All, result.Condition.Matcher);
        _filters.DidNotReceiveWithAnyArgs().Create(default!);
    }
}
