using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;
using FluentValidation;

namespace CleanEventStore.Application.Common.Validation;

/// <summary>Reusable rules with the wire protocol's messages.</summary>
public static class RuleExtensions
{
    /// <summary>A stream name (<see cref="StreamName.Validate"/>); <paramref name="label"/> prefixes the message.</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeStreamName<T>(this IRuleBuilder<T, string> rule, string label, bool allowAll) =>
        rule.Custom((value, context) =>
        {
            if (StreamName.Validate(value, label, allowAll) is { } error)
            {
                context.AddFailure(label, error);
            }
        });

    /// <summary>
    /// The name of a write stream a client creates or appends to: a valid stream name (not <c>_all</c>) that is not under
    /// <c>tags/</c> and not reserved (<see cref="StreamNamespace.RefuseWriteStreamName"/>).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeWriteStreamName<T>(this IRuleBuilder<T, string> rule, string label) =>
        rule.Custom((value, context) =>
        {
            if ((StreamName.Validate(value, label, allowAll: false) ?? StreamNamespace.RefuseWriteStreamName(value, label)) is { } error)
            {
                context.AddFailure(label, error);
            }
        });

    /// <summary>A consumer identifier (<see cref="ConsumerId.Validate"/>).</summary>
    public static IRuleBuilderOptionsConditions<T, string> MustBeConsumerId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Custom((value, context) =>
        {
            if (ConsumerId.Validate(value) is { } error)
            {
                context.AddFailure("identifier", error);
            }
        });
}
