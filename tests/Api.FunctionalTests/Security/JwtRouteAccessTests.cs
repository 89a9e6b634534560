namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>The access matrix with JWT bearer tokens.</summary>
public sealed class JwtRouteAccessTests(JwtApiFactory factory) : RouteAccessTests(factory), IClassFixture<JwtApiFactory>;
