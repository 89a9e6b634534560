using CleanEventStore.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure;

/// <summary>Refuses to start with unusable configuration, naming every bad key.</summary>
internal sealed class EventStoreOptionsValidator : IValidateOptions<EventStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, EventStoreOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
