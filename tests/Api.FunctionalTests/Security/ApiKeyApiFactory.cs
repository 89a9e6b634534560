namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>The Api with <c>Auth:Mode=ApiKey</c>.</summary>
public sealed class ApiKeyApiFactory() : SecuredApiFactory("ApiKey");
