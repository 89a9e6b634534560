using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Streams;
using FluentValidation;

namespace CleanEventStore.Application.UnitTests.Common;

public sealed class ValidationBehaviorTests
{
    private static readonly CommitEventsResult Done = new(0, 0, Values.Stream("s"), 0, [], default, false);

    private static readonly CommitEventsCommand NoEvents = new(Values.Stream("s"), [], default, ExpectedVersion.Any, null, null);

    [Fact]
    public async Task Handle_NoValidators_CallsNext()
    {
        var behavior = new ValidationBehavior<CommitEventsCommand, CommitEventsResult>([]);

        var result = await behavior.Handle(NoEvents, (_, _) => new ValueTask<CommitEventsResult>(Done), default);

        Assert.Same(Done, result);
    }

    [Fact]
    public async Task Handle_InvalidMessage_ThrowsGroupedErrorsAndSkipsTheHandler()
    {
        var behavior = new ValidationBehavior<CommitEventsCommand, CommitEventsResult>([new CommitEventsValidator(), new AlwaysFails()]);
        var called = false;

        var exception = await Assert.ThrowsAsync<RequestValidationException>(() => behavior.Handle(
            NoEvents,
            (_, _) =>
            {
                called = true;
                return new ValueTask<CommitEventsResult>(Done);
            },
            default).AsTask());

        Assert.False(called);
        Assert.Equal(["Commit payload must include a non-empty events array."], exception.Errors["Events"]);
        Assert.Equal(["first", "second"], exception.Errors["extra"]);
        Assert.Equal("Commit payload must include a non-empty events array.", exception.Message);
    }

    private sealed class AlwaysFails : AbstractValidator<CommitEventsCommand>
    {
        public AlwaysFails()
        {
            RuleFor(c => c.Stream).Custom((_, context) =>
            {
                context.AddFailure("extra", "first");
                context.AddFailure("extra", "second");
            });
        }
    }
}
