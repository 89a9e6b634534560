using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Backup;

/// <summary>Helpers: take a backup through <c>GET /admin/backup</c>, find bytes in an archive or a file.</summary>
public static class BackupArchives
{
    /// <summary>GETs <c>/admin/backup</c>, asserts 200 and returns the archive and its position header.</summary>
    public static async Task<(byte[] Archive, long Position, HttpResponseMessage Response)> TakeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/backup");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/backup: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var position = long.Parse(response.Header("X-Backup-Position"), System.Globalization.CultureInfo.InvariantCulture);
        var archive = await response.Content.ReadAsByteArrayAsync();
        return (archive, position, response);
    }

    /// <summary>The offset of the first occurrence of <paramref name="needle"/> in <paramref name="haystack"/>; fails when absent.</summary>
    public static int IndexOf(byte[] haystack, string needle)
    {
        var index = haystack.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle));
        Assert.True(index >= 0, $"'{needle}' is not in the bytes");
        return index;
    }

    public static string TempDirectory() => Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N"));

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
