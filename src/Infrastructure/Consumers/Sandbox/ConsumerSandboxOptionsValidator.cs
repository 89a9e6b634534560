using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Consumers.Sandbox;

internal sealed class ConsumerSandboxOptionsValidator : IValidateOptions<ConsumerSandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsumerSandboxOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
