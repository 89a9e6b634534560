using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// Waits until a read source's version passes a known one (long-polls, follows, consumers): takes the
/// <see cref="ChangeNotifier"/> signal for the source before it checks the version, so no wake-up is lost.
/// </summary>
internal sealed class ChangeWaiter(EngineState state, ReadSourceResolver sources)
{
    public async ValueTask<SourceVersion> WaitAsync(ReadSource source, long knownVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var notifier = state.Notifier;
        using var lease = source switch
        {
            ReadSource.Stream { Name.IsAll: false } stream => notifier.ForStream(stream.Name.Value),
            ReadSource.Category category => notifier.ForCategory(category.Name),
            _ => null,
        };
        var streamLeases = source is ReadSource.Join join ? JoinLeases(join) : null;
        try
        {
            while (true)
            {
                var next = streamLeases is not null
                    ? Task.WhenAny(streamLeases.Select(l => l.Next))
                    : lease?.Next ?? notifier.NextAny();
                var version = sources.VersionOf(source, state.Head) ?? default;
                if (version.Version > knownVersion || version.Closed)
                {
                    return version;
                }

                await next.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            if (streamLeases is not null)
            {
                foreach (var streamLease in streamLeases)
                {
                    streamLease.Dispose();
                }
            }
        }
    }

    private ChangeNotifier.Lease[]? JoinLeases(ReadSource.Join join)
    {
        var streams = join.Selector.Streams();
        if (streams.Any(stream => stream.IsAll))
        {
            return null;
        }

        return [.. streams.Select(stream => state.Notifier.ForStream(stream.Value))];
    }
}
