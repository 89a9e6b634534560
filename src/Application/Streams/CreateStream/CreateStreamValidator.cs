using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.CreateStream;

public sealed class CreateStreamValidator : AbstractValidator<CreateStreamCommand>
{
    public CreateStreamValidator()
    {
        RuleFor(c => c.Stream).MustBeWriteStreamName("stream");
    }
}
