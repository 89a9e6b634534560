using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Support;

/// <summary>Opens real file stores over a directory with test-friendly options.</summary>
public static class StoreFactory
{
    public static EventStoreOptions Options(string directory, Action<EventStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions { StorageDirectory = directory, Durability = DurabilityMode.Fsync };
        configure?.Invoke(options);
        return options;
    }

    internal static FileEventStore Open(EventStoreOptions options, TimeProvider? time = null, EmbeddedStorageOptions? storage = null) =>
        FileEventStore.Open(
            options,
            storage ?? new EmbeddedStorageOptions(),
            new MatcherParser(Microsoft.Extensions.Options.Options.Create(options)),
            new EventFilterFactory(),
            time ?? TimeProvider.System,
            NullLogger<FileEventStore>.Instance);

    internal static FileEventStore Open(string directory, Action<EventStoreOptions>? configure = null) => Open(Options(directory, configure));

    public static MatcherParser Matchers() => new(Microsoft.Extensions.Options.Options.Create(new EventStoreOptions()));

    public static IOptions<EventStoreOptions> AsOptions(EventStoreOptions options) => Microsoft.Extensions.Options.Options.Create(options);
}
