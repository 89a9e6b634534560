namespace CleanEventStore.Api.Security;

/// <summary>
/// The addresses the server is configured to listen on (<c>urls</c>, <c>http_ports</c>/<c>https_ports</c>,
/// <c>Kestrel:Endpoints:*:Url</c>; the default is <c>http://127.0.0.1:3000</c>) and whether all of them are loopback.
/// </summary>
public static class ListenAddresses
{
    public const string Default = "http://127.0.0.1:3000";

    public static IReadOnlyList<string> Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<string>();
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            addresses.AddRange(urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (configuration[key] is { Length: > 0 } ports)
            {
                addresses.AddRange(ports.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(port => (key == "https_ports" ? "https://*:" : "http://*:") + port));
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                addresses.Add(url);
            }
        }

        if (addresses.Count == 0)
        {
            addresses.Add(Default);
        }

        return addresses;
    }

    /// <summary>True when <paramref name="address"/> (a URL such as <c>http://127.0.0.1:3000</c>) only accepts local connections.</summary>
    public static bool IsLoopback(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        string host;
        if (rest.StartsWith('['))
        {
            host = rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }
}
