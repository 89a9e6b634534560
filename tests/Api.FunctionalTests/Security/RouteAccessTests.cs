using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>
/// Every route x (no credentials, an unknown credential, a valid one without the scope, a valid one with it): 401, 401,
/// 403 naming the scope, and the route's success. A refused request writes nothing. Run once per authentication mode.
/// </summary>
public abstract class RouteAccessTests(SecuredApiFactory factory)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in RouteCase.All)
        {
            foreach (var credential in new[] { "none", "unknown", "without the scope", "with the scope" })
            {
                data.Add(route.Name, credential);
            }
        }

        return data;
    }

    private HttpClient Client(string? authorization)
    {
        var client = factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return client;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_AnswersEachKindOfCaller(string routeName, string credential)
    {
        var route = RouteCase.All.Single(r => r.Name == routeName);
        var id = Guid.NewGuid().ToString("N");
        using var admin = Client(factory.Credential("admin"));
        await route.Setup(admin, id);
        var before = await StoreSnapshot.TakeAsync(admin);
        using var client = Client(credential switch
        {
            "none" => null,
            "unknown" => factory.UnknownCredential(),
            "without the scope" => factory.Credential("nobody"),
            _ => factory.Credential(route.Role),
        });

        var response = await client.SendAsync(route.Request(id));

        switch (credential)
        {
            case "none":
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
                break;
            case "unknown":
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                break;
            case "without the scope":
                var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
                Assert.False(string.IsNullOrEmpty(problem["scope"]?.GetValue<string>()));
                break;
            default:
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == route.Success, $"{route.Name} as {route.Role}: {(int)response.StatusCode} {body}");
                return;
        }

        await StoreSnapshot.AssertUnchangedAsync(admin, before);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("unknown")]
    [InlineData("nobody")]
    public async Task Health_StaysAnonymous(string credential)
    {
        using var client = Client(credential switch { "none" => null, "unknown" => factory.UnknownCredential(), _ => factory.Credential("nobody") });

        var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
