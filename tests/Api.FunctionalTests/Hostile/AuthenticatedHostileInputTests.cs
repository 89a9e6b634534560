using CleanEventStore.Api.FunctionalTests.Security;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// The hostile-input suite with API keys: every request is sent without credentials, with an unknown key, with a
/// valid key without any scope and with an administrator's key. Whatever the credential, the answer is a 2xx or a 4xx
/// problem in time, and a refusal (401, 403 or any other) writes nothing.
/// </summary>
public sealed class AuthenticatedHostileInputTests(ITestOutputHelper output)
    : HostileInputSuite(output, Sets, Requests, Settings(), Admin)
{
    private const int Requests = 1500;
    private static readonly string Admin = "Bearer " + SecuredApiFactory.KeyOf("admin");

    private static HeaderSet[] Sets =>
    [
        HeaderSet.None,
        new("an unknown key", [new("Authorization", "Bearer key-nobody-configured-0123456789")]),
        new("a key without scopes", [new("X-Api-Key", SecuredApiFactory.KeyOf("nobody"))]),
        new("an administrator's key", [new("Authorization", Admin)]),
    ];

    private static Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["Auth:Mode"] = "ApiKey",
        ["Auth:ApiKeys:0:Name"] = "admin",
        ["Auth:ApiKeys:0:Key"] = SecuredApiFactory.KeyOf("admin"),
        ["Auth:ApiKeys:0:Scopes:0"] = "admin",
        ["Auth:ApiKeys:1:Name"] = "nobody",
        ["Auth:ApiKeys:1:Key"] = SecuredApiFactory.KeyOf("nobody"),
    };
}
