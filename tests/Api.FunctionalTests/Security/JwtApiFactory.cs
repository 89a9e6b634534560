namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>The Api with <c>Auth:Mode=Jwt</c>.</summary>
public sealed class JwtApiFactory() : SecuredApiFactory("Jwt");
