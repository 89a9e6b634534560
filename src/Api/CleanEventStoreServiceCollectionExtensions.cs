namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the whole store in an application's services.</summary>
public static class CleanEventStoreServiceCollectionExtensions
{
    /// <summary>
    /// The store's services: the use cases (<c>AddApplication</c>), the storage provider and the consumers per
    /// <c>EventStore:*</c> (<c>AddInfrastructure</c>), and the HTTP API with its security (<c>AddApi</c>). Mount the API
    /// with <c>app.MapCleanEventStore(prefix)</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration with the <c>EventStore</c>, <c>Auth</c>, <c>RateLimit</c>, <c>Cors</c>, <c>OpenApi</c> and <c>ForwardedHeaders</c> sections.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddCleanEventStore(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddApplication()
            .AddInfrastructure(configuration)
            .AddApi(configuration);
}
