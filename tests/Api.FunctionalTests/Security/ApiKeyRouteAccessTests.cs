namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>The access matrix with API keys.</summary>
public sealed class ApiKeyRouteAccessTests(ApiKeyApiFactory factory) : RouteAccessTests(factory), IClassFixture<ApiKeyApiFactory>;
