using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>The engine's own settings bind from the same <c>EventStore:*</c> keys as before they moved out of the shared options.</summary>
public sealed class EmbeddedStorageOptionsTests
{
    [Fact]
    public void EngineSettings_BindFromTheEventStoreSection()
    {
        using var provider = Provider(new()
        {
            ["EventStore:SegmentSizeBytes"] = "4194304",
            ["EventStore:IdempotencyKeyCapacity"] = "7",
        });

        var options = provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value;

        Assert.Equal(4_194_304, options.SegmentSizeBytes);
        Assert.Equal(7, options.IdempotencyKeyCapacity);
    }

    [Fact]
    public void SegmentSize_IsCheckedAgainstTheSharedRequestBodyLimit()
    {
        using var provider = Provider(new()
        {
            ["EventStore:SegmentSizeBytes"] = "2097152",
            ["EventStore:MaxRequestBodyBytes"] = "2097152",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value);

        Assert.Equal(
            "EventStore:SegmentSizeBytes must be at least twice MaxRequestBodyBytes, so that every commit fits in a segment.",
            Assert.Single(exception.Failures));
    }

    [Fact]
    public void AnInvalidSharedValue_IsReportedOnceBySharedValidation()
    {
        using var provider = Provider(new() { ["EventStore:MaxRequestBodyBytes"] = "abc" });

        Assert.NotNull(provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EventStoreOptions>>().Value);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(configuration);
        return services.BuildServiceProvider();
    }
}
