using System.Globalization;
using System.Net;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>A Prometheus text exposition: the samples of one metric, filtered by label.</summary>
internal sealed class Scrape(string text)
{
    public string Text { get; } = text;

    public static async Task<Scrape> GetAsync(HttpClient client, string path = "/metrics")
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return new Scrape(body);
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public double Sum(string metric, params string[] labels)
    {
        var found = false;
        double sum = 0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !(line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            var end = line.LastIndexOf('}');
            var labelText = end > 0 ? line[..end] : string.Empty;
            if (labels.Any(label => !labelText.Contains(label, StringComparison.Ordinal)))
            {
                continue;
            }

            found = true;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }

        Assert.True(found, $"no sample {metric}{{{string.Join(',', labels)}}} in:\n{Text}");
        return sum;
    }

    public bool Has(string metric) => Text.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal));
}
