using CleanEventStore.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// Refuses to start with unusable engine settings, naming every bad key. The segment-size check needs the shared
/// <c>EventStore:MaxRequestBodyBytes</c>; it is read from the shared options' configuration without their
/// validation, so that a bad shared value is reported once, by their own validator, next to this one's errors.
/// </summary>
internal sealed class EmbeddedStorageOptionsValidator(IEnumerable<IConfigureOptions<EventStoreOptions>> sharedSetups)
    : IValidateOptions<EmbeddedStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate(MaxRequestBodyBytes());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private long MaxRequestBodyBytes()
    {
        var shared = new EventStoreOptions();
        try
        {
            foreach (var setup in sharedSetups)
            {
                if (setup is IConfigureNamedOptions<EventStoreOptions> named)
                {
                    named.Configure(Options.DefaultName, shared);
                }
                else
                {
                    setup.Configure(shared);
                }
            }
        }
        catch (OptionsValidationException)
        {
            // A shared value that does not convert: the shared options report it; check against the default.
            return new EventStoreOptions().MaxRequestBodyBytes;
        }

        return shared.MaxRequestBodyBytes;
    }
}
