using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Application.Streams.CloseStream;
using FluentValidation;

namespace CleanEventStore.Application.UnitTests.Common;

public sealed class ValidationBehaviorTests
{
    private static readonly CloseStreamResult Done = new(Domain.Streams.StreamName.Parse("s"), true);

    [Fact]
    public async Task Handle_NoValidators_CallsNext()
    {
        var behavior = new ValidationBehavior<CloseStreamCommand, CloseStreamResult>([]);

        var result = await behavior.Handle(new CloseStreamCommand("a..b"), (_, _) => new ValueTask<CloseStreamResult>(Done), default);

        Assert.Same(Done, result);
    }

    [Fact]
    public async Task Handle_InvalidMessage_ThrowsGroupedErrorsAndSkipsTheHandler()
    {
        var behavior = new ValidationBehavior<CloseStreamCommand, CloseStreamResult>([new CloseStreamValidator(), new AlwaysFails()]);
        var called = false;

        var exception = await Assert.ThrowsAsync<RequestValidationException>(() => behavior.Handle(
            new CloseStreamCommand("a..b"),
            (_, _) =>
            {
                called = true;
                return new ValueTask<CloseStreamResult>(Done);
            },
            default).AsTask());

        Assert.False(called);
        Assert.StartsWith("stream must use segments", exception.Errors["stream"][0], StringComparison.Ordinal);
        Assert.Equal(["first", "second"], exception.Errors["extra"]);
        Assert.StartsWith("stream must use segments", exception.Message, StringComparison.Ordinal);
    }

    private sealed class AlwaysFails : AbstractValidator<CloseStreamCommand>
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
