using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Configuration;

/// <summary>
/// Binds options to configuration like <c>Bind</c>/<c>BindConfiguration</c>, except that a value the binder cannot
/// convert (<c>--EventStore:SegmentSizeBytes=abc</c>, an unknown <c>Durability</c>) fails as an
/// <see cref="OptionsValidationException"/> naming the key, like a value that converts but is out of range, instead of
/// the binder's <see cref="InvalidOperationException"/>: both are invalid configuration, and the host reports both the
/// same way at start.
/// </summary>
internal static class CheckedBinding
{
    public static OptionsBuilder<TOptions> BindChecked<TOptions>(this OptionsBuilder<TOptions> builder, IConfiguration section)
        where TOptions : class
    {
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(builder.Name, section));
        var name = builder.Name;
        return builder.Configure(options => Bind(section, options, name));
    }

    public static OptionsBuilder<TOptions> BindConfigurationChecked<TOptions>(this OptionsBuilder<TOptions> builder, string sectionPath)
        where TOptions : class
    {
        var name = builder.Name;
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(provider =>
            new ConfigurationChangeTokenSource<TOptions>(name, provider.GetRequiredService<IConfiguration>()));
        return builder.Configure<IConfiguration>((options, configuration) => Bind(configuration.GetSection(sectionPath), options, name));
    }

    private static void Bind<TOptions>(IConfiguration section, TOptions options, string name)
        where TOptions : class
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(name, typeof(TOptions), [exception.Message]);
        }
    }
}
