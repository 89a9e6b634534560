using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Matching;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CleanEventStore.Infrastructure.Tests.Matching;

public sealed class RawEventFilterPropertyTests(ITestOutputHelper output)
{
    private const int Seed = 20240917;
    private const int DocumentCount = 3000;
    private const int MatcherCount = 400;

    [Fact]
    public void Matches_RandomDocumentsAndMatchers_AgreesWithReferenceEvaluator()
    {
        var random = new RandomJson(Seed);
        var parser = new MatcherParser(Options.Create(new EventStoreOptions { MatcherCacheSize = 0 }));
        var factory = new EventFilterFactory();
        var models = Enumerable.Range(0, DocumentCount).Select(_ => random.Document()).ToArray();
        var documents = models.Select(m => random.Write(m)).ToArray();
        var documentBytes = documents.Select(Encoding.UTF8.GetBytes).ToArray();
        var documentNodes = documents.Select(d => JsonNode.Parse(d)).ToArray();
        var matchers = new List<(string Text, IEventFilter Filter, JsonObject Node)>();
        for (var i = 0; i < MatcherCount; i++)
        {
            var text = random.Write(random.Matcher(models[i % models.Length]));
            var parsed = parser.Parse(text, "filter");
            Assert.True(parsed.Succeeded, $"{parsed.Error} {text}");
            matchers.Add((text, factory.Create(parsed.Value!), JsonNode.Parse(text)!.AsObject()));
        }

        var hits = 0;
        var matchersWithHits = 0;
        foreach (var (text, filter, node) in matchers)
        {
            var matcherHits = 0;
            for (var d = 0; d < documents.Length; d++)
            {
                var expected = ReferenceMatcher.Matches(node, documentNodes[d]);
                var actual = filter.Matches(documentBytes[d]);
                Assert.True(
                    expected == actual,
                    $"Raw filter says {actual}, reference says {expected}.\nmatcher:  {text}\ndocument: {documents[d]}");
                matcherHits += actual ? 1 : 0;
            }

            hits += matcherHits;
            matchersWithHits += matcherHits > 0 ? 1 : 0;
        }

        // The generator must produce a useful mix, not (almost) all misses or all hits.
        var mix = $"{hits} hits of {DocumentCount * MatcherCount} pairs; {matchersWithHits} of {MatcherCount} matchers hit something.";
        output.WriteLine(mix);
        Assert.True(hits >= DocumentCount && hits <= DocumentCount * MatcherCount / 2, mix);
        Assert.True(matchersWithHits >= MatcherCount / 5, mix);
    }
}
