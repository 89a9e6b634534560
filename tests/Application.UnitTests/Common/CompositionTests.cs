using CleanEventStore.Application.Common.Behaviors;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.CommitEvents;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.UnitTests.Common;

/// <summary>
/// Builds the real container (Application + Infrastructure) with scope validation and checks that every handler
/// and pipeline behaviour is registered exactly once (a broad assembly scan would register them twice).
/// </summary>
public sealed class CompositionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ces-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private ServiceCollection Services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EventStore:StorageDirectory"] = _directory })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication().AddInfrastructure(configuration);
        return services;
    }

    [Fact]
    public async Task Container_BuildsWithScopeValidation_AndResolvesTheSender()
    {
        await using var provider = Services().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.NotNull(provider.GetRequiredService<ISender>());
    }

    [Fact]
    public void Container_RegistersEachHandlerAndBehaviourOnce()
    {
        var services = Services();
        var handlerInterfaces = new[] { typeof(ICommandHandler<,>), typeof(IQueryHandler<,>) };

        var handlers = services
            .Where(d => d.ServiceType.IsGenericType && handlerInterfaces.Contains(d.ServiceType.GetGenericTypeDefinition()))
            .GroupBy(d => d.ServiceType)
            .ToList();
        var behaviours = services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>))
            .ToList();

        Assert.NotEmpty(handlers);
        Assert.All(handlers, group => Assert.Single(group));
        Assert.Contains(handlers, g => g.Key.GenericTypeArguments[0] == typeof(CommitEventsCommand));
        Assert.NotEmpty(behaviours);
        Type[] expected =
        [
            typeof(UnhandledExceptionBehavior<,>), typeof(LoggingBehavior<,>), typeof(AuditBehavior<,>), typeof(AuthorizationBehavior<,>), typeof(ValidationBehavior<,>),
        ];
        foreach (var group in behaviours.GroupBy(d => d.ServiceType))
        {
            Assert.Equal(expected, group.Select(d => d.ImplementationType!.GetGenericTypeDefinition()));
        }
    }

    [Fact]
    public void EveryCommandAndQuery_DeclaresTheAccessItNeeds()
    {
        var messages = typeof(CommitEventsCommand).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i == typeof(IMessage)))
            .ToList();

        Assert.True(messages.Count >= 16, $"only {messages.Count} messages found");
        Assert.All(messages, message => Assert.True(typeof(IRequireAccess).IsAssignableFrom(message), $"{message.Name} does not implement IRequireAccess"));
    }
}
