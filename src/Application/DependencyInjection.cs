using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.Streams.Common;
using FluentValidation;
using Mediator;

namespace Microsoft.Extensions.DependencyInjection;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator (source-generated handlers, singleton), its pipeline (outermost first: unhandled-exception
    /// logging, Debug logging, FluentValidation) and the validators as singletons.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.GenerateTypesAsInternal = true;
            options.Assemblies = [typeof(CommitEventsCommand)];
            options.PipelineBehaviors =
            [
                typeof(UnhandledExceptionBehavior<,>),
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssemblyContaining<CommitEventsValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<EventReads>();
        services.AddSingleton<LongPolls>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
