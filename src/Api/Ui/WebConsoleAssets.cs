using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CleanEventStore.Api.Ui;

/// <summary>
/// The console's files, embedded in the Api assembly (<c>Ui/Assets</c>, resource names <c>console/&lt;file&gt;</c>)
/// and loaded once: their bytes, media type and a content hash (the strong ETag, and the <c>?v=</c> of the references
/// in <c>index.html</c>, so that a hashed reference can be cached for a year).
/// </summary>
internal sealed class WebConsoleAssets
{
    public const string Index = "index.html";

    private const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private static readonly Lazy<WebConsoleAssets> Loaded = new(Load);

    private readonly Dictionary<string, Asset> _assets;

    private WebConsoleAssets(Dictionary<string, Asset> assets) => _assets = assets;

    public static WebConsoleAssets Instance => Loaded.Value;

    /// <summary>The file named <paramref name="name"/> (as under <c>/ui/</c>), or null.</summary>
    public Asset? Find(string name) => _assets.GetValueOrDefault(name);

    private static WebConsoleAssets Load()
    {
        var assembly = typeof(WebConsoleAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                files[resource[ResourcePrefix.Length..]] = Read(assembly, resource);
            }
        }

        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, bytes) in files)
        {
            if (name != Index)
            {
                assets[name] = Asset.Create(name, bytes);
            }
        }

        if (files.TryGetValue(Index, out var index))
        {
            // index.html names each file as {{name}}; it becomes name?v=<hash>, so a new build is a new URL.
            var html = Encoding.UTF8.GetString(index);
            foreach (var asset in assets.Values)
            {
                html = html.Replace("{{" + asset.Name + "}}", asset.Name + "?v=" + asset.Hash, StringComparison.Ordinal);
            }

            assets[Index] = Asset.Create(Index, Encoding.UTF8.GetBytes(html));
        }

        return new WebConsoleAssets(assets);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>One file: its bytes, media type, content hash and ETag.</summary>
    internal sealed record Asset(string Name, byte[] Content, string MediaType, string Hash, string ETag)
    {
        public static Asset Create(string name, byte[] content)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8));
            var mediaType = MediaTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            return new Asset(name, content, mediaType, hash, "\"" + hash + "\"");
        }
    }
}
