using System.Diagnostics.Metrics;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.Streams.Common;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DependencyInjection
{
    /// <summary>
    /// The mediator (source-generated handlers, singleton), its pipeline (outermost first: unhandled-exception
    /// logging, Debug logging, the audit log, authorization, FluentValidation) and the validators as singletons. The
    /// caller is <see cref="CleanEventStore.Domain.Security.Caller.Unrestricted"/> unless the host registers its own
    /// <see cref="ICallerContext"/> (the Api does, from the authenticated request).
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
                typeof(AuditBehavior<,>),
                typeof(AuthorizationBehavior<,>),
                typeof(ValidationBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssemblyContaining<CommitEventsValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<EventReads>();
        services.AddSingleton<LongPolls>();
        services.TryAddSingleton(provider => new EventStoreTelemetry(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<StoreGauges>();

        services.AddSingleton<AccessGuard>();
        services.TryAddSingleton<ICallerContext, UnrestrictedCallerContext>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
