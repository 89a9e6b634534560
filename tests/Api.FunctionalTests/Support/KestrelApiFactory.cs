namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// The real Api on a real Kestrel socket (a free loopback port) instead of the in-memory test server: for tests that
/// depend on the request target exactly as a client sends it (the test server decodes <c>%25</c> and does not report
/// the raw target). <see cref="RawPath"/> builds URIs that HttpClient sends without canonicalising them.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    private HttpClient? _client;

    public KestrelApiFactory()
    {
        With("urls", "http://127.0.0.1:0");
        UseKestrel();
    }

    /// <summary>A client of the Kestrel server (starting it on first use).</summary>
    public HttpClient Client
    {
        get
        {
            if (_client is null)
            {
                StartServer();
                _client = CreateClient();
            }

            return _client;
        }
    }

    /// <summary>An absolute URI of <paramref name="pathAndQuery"/> on the server, sent exactly as written (no dot-segment removal, no unescaping).</summary>
    public Uri RawPath(string pathAndQuery) =>
        new(Client.BaseAddress!.ToString().TrimEnd('/') + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
