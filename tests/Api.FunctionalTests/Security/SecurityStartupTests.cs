using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>
/// The real Api as a process: without authentication it refuses to listen beyond loopback unless told to, invalid
/// authentication settings fail the start with one line, and with TLS it redirects plain HTTP and sends HSTS.
/// </summary>
public sealed class SecurityStartupTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ces-security-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private string[] Arguments(params string[] more) =>
        [$"--EventStore:StorageDirectory={Path.Combine(_root, "data")}", "--Logging:LogLevel:Default=Warning", .. more];

    [Fact]
    public async Task NoAuthentication_OnANonLoopbackAddress_RefusesToStartInOneLine()
    {
        var port = ApiProcess.FreePort();
        using var server = ApiProcess.Start(Arguments("--urls", $"http://0.0.0.0:{port}"));

        var (exitCode, _, stderr) = await server.WaitForExitAsync(Deadline);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(
            $"CleanEventStore could not start: Auth:Mode is None but the server would listen on http://0.0.0.0:{port}, which is not loopback: configure Auth:Mode (ApiKey or Jwt), or set Auth:AllowAnonymous=true to serve everyone without credentials.",
            line);
    }

    [Fact]
    public async Task NoAuthentication_WithAllowAnonymous_ServesANonLoopbackAddress()
    {
        var port = ApiProcess.FreePort();
        using var server = ApiProcess.Start(Arguments("--urls", $"http://0.0.0.0:{port}", "--Auth:AllowAnonymous=true"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await server.WaitUntilHealthyAsync(client, Deadline);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/streams")).StatusCode);
    }

    [Fact]
    public async Task InvalidApiKeySettings_FailTheStartNamingEachProblem()
    {
        using var server = ApiProcess.Start(Arguments(
            "--urls", $"http://127.0.0.1:{ApiProcess.FreePort()}",
            "--Auth:Mode=ApiKey",
            "--Auth:ApiKeys:0:Name=short",
            "--Auth:ApiKeys:0:Key=tiny",
            "--Auth:ApiKeys:0:Scopes:0=delete:everything"));

        var (exitCode, _, stderr) = await server.WaitForExitAsync(Deadline);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Auth:ApiKeys:0:Key must be at least 16 characters long.", line, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:0:Scopes:0: The scope \"delete:everything\" is unknown", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_RedirectsPlainHttpAndSendsHsts()
    {
        var certificate = Path.Combine(_root, "server.pfx");
        Directory.CreateDirectory(_root);
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "test-password"));
        }

        var https = ApiProcess.FreePort();
        var http = ApiProcess.FreePort();
        using var server = ApiProcess.Start(Arguments(
            $"--Kestrel:Endpoints:Https:Url=https://127.0.0.1:{https}",
            $"--Kestrel:Endpoints:Https:Certificate:Path={certificate}",
            "--Kestrel:Endpoints:Https:Certificate:Password=test-password",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}"));
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{https}") };
        await server.WaitUntilHealthyAsync(client, Deadline);

        var secure = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { Host = "events.example" } });
        var plain = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/streams"));

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal($"https://127.0.0.1:{https}/streams", plain.Headers.Location!.ToString());
    }
}
