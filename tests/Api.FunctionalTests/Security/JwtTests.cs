using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>Bearer tokens: only a token of the trusted issuer, for this audience, signed with the key and within its lifetime, passes.</summary>
public sealed class JwtTests(JwtApiFactory factory) : IClassFixture<JwtApiFactory>
{
    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "wrong key", "The bearer token's signature is not valid." },
        { "expired", "The bearer token has expired." },
        { "not yet valid", "The bearer token is not valid yet." },
        { "wrong audience", "The bearer token is for another audience." },
        { "garbage", "The bearer token is not valid." },
    };

    private async Task<HttpResponseMessage> GetWith(string token, string path = "/streams")
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.GetAsync(path);
    }

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Token_NotTrusted_Is401NamingWhy(string kind, string message)
    {
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "wrong key" => SecuredApiFactory.Token("mallory", ["admin"], signingKey: "another-secret-of-at-least-32-bytes-for-hs256"),
            "expired" => SecuredApiFactory.Token("late", ["admin"], expires: now.AddMinutes(-5), notBefore: now.AddMinutes(-20)),
            "not yet valid" => SecuredApiFactory.Token("early", ["admin"], notBefore: now.AddMinutes(10), expires: now.AddMinutes(20)),
            "wrong audience" => SecuredApiFactory.Token("elsewhere", ["admin"], audience: "another-service"),
            _ => "abc.def.ghi",
        };

        var response = await GetWith(token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, message);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{message}\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Token_WithoutOurScopes_Is403_AndOtherServicesScopesAreIgnored()
    {
        var response = await GetWith(SecuredApiFactory.Token("app", ["openid", "profile", "read:orders*"]));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "This request needs the scope \"query\" (the list of every stream), which the caller does not have.");
        Assert.Equal("query", problem["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WithTheScope_IsAccepted()
    {
        var response = await GetWith(SecuredApiFactory.Token("app", ["openid", "query"]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Commit_WithAConditionButWithoutQuery_Is403NamingQuery()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", factory.Credential("writer"));

        var response = await client.PostJsonAsync(
            $"/streams/orders-{Guid.NewGuid():N}/commit",
            "{\"events\":[{\"type\":\"T\"}],\"condition\":{\"selector\":[\"T\"],\"noneMatchAfter\":0}}");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "This request needs the scope \"query\" (a DCB condition, which is checked against every stream), which the caller does not have.");
    }
}
