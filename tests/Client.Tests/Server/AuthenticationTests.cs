using CleanEventStore.Api.FunctionalTests.Security;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>
/// The client's credentials against a real Api with API keys and JWT bearer tokens on (<c>Auth:Mode=ApiKey,Jwt</c>):
/// an API key in <c>X-Api-Key</c>, a static token, a token provider, and the typed 401 and 403.
/// </summary>
public sealed class AuthenticationTests(AuthenticationTests.SecuredServer server) : IClassFixture<AuthenticationTests.SecuredServer>
{
    private const string AdminKey = "key-of-the-admin-0123456789abcdef";
    private const string OrdersKey = "key-of-orders-service-0123456789";

    [Fact]
    public async Task NoCredential_IsRefusedWith401ButHealthIsAnonymous()
    {
        using var anonymous = server.NewClient();

        var exception = await Assert.ThrowsAsync<EventStoreAuthenticationException>(() => anonymous.Client.CommitAsync(Names.Unique("orders"), [OrderPlaced.Of("1", 1).ToEvent()]));
        var health = await anonymous.Client.GetHealthAsync();

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.True(health.IsHealthy);
    }

    [Fact]
    public async Task UnknownApiKey_IsRefusedWith401()
    {
        using var mallory = server.NewClient(options => options.ApiKey = "key-nobody-configured-0123456789");

        await Assert.ThrowsAsync<EventStoreAuthenticationException>(async () => await mallory.Client.ReadAllAsync().ToListAsync());
    }

    [Fact]
    public async Task ApiKey_WithScopes_CommitsAndReadsItsStreamsAndIsForbiddenOthers()
    {
        using var orders = server.NewClient(options => options.ApiKey = OrdersKey);
        var stream = Names.Unique("orders");

        await orders.Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);
        var events = await orders.Client.ReadStreamAsync(stream).ToListAsync();
        var forbidden = await Assert.ThrowsAsync<EventStoreForbiddenException>(() => orders.Client.CommitAsync(Names.Unique("invoices"), [OrderPlaced.Of("1", 1).ToEvent()]));

        Assert.Single(events);
        Assert.StartsWith("write:invoices-", forbidden.Scope, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerToken_StaticJwt_IsAccepted()
    {
        using var client = server.NewClient(options => options.BearerToken = SecuredApiFactory.Token("orders-service", ["write:orders*", "read:orders*"]));
        var stream = Names.Unique("orders");

        var result = await client.Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);

        Assert.Equal(1, result.Version);
        Assert.Equal(1, await client.Client.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task BearerTokenProvider_FreshTokenPerCall_IsAccepted()
    {
        var issued = 0;
        using var client = server.NewClient(options => options.BearerTokenProvider = _ =>
        {
            Interlocked.Increment(ref issued);
            return ValueTask.FromResult(SecuredApiFactory.Token("admin", ["admin"]));
        });

        await client.Client.CommitAsync(Names.Unique("orders"), [OrderPlaced.Of("1", 1).ToEvent()]);
        var stats = await client.Client.GetStorageStatisticsAsync();

        Assert.Equal(2, issued);
        Assert.True(stats.NumIndexes >= 2);
    }

    [Fact]
    public async Task ExpiredToken_IsRefusedWith401()
    {
        using var client = server.NewClient(options => options.BearerToken = SecuredApiFactory.Token("admin", ["admin"], expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-20)));

        var exception = await Assert.ThrowsAsync<EventStoreAuthenticationException>(() => client.Client.GetStreamVersionAsync("_all"));

        Assert.NotNull(exception.Problem);
    }

    /// <summary>The Api with an admin key, a key scoped to <c>orders*</c>, and JWTs signed with the functional tests' shared key.</summary>
    public sealed class SecuredServer : ServerFixture
    {
        public SecuredServer()
        {
            Factory
                .With("Auth:Mode", "ApiKey,Jwt")
                .With("Auth:ApiKeys:0:Name", "admin")
                .With("Auth:ApiKeys:0:Key", AdminKey)
                .With("Auth:ApiKeys:0:Scopes:0", "admin")
                .With("Auth:ApiKeys:1:Name", "orders-service")
                .With("Auth:ApiKeys:1:KeySha256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OrdersKey))))
                .With("Auth:ApiKeys:1:Scopes:0", "write:orders*")
                .With("Auth:ApiKeys:1:Scopes:1", "read:orders*")
                .With("Auth:Jwt:Issuer", SecuredApiFactory.Issuer)
                .With("Auth:Jwt:Audience", SecuredApiFactory.Audience)
                .With("Auth:Jwt:SigningKey", SecuredApiFactory.SigningKey);
        }
    }
}
