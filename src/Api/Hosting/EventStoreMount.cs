namespace CleanEventStore.Api.Hosting;

/// <summary>
/// Where <c>MapCleanEventStore</c> mounted the store's API: at the root of the application (the store's own server,
/// <c>src/Api</c>), or under a path prefix of a host application. At the root the store owns the whole pipeline; under a
/// prefix it answers, and handles the errors of, only the requests of its branch, which carry
/// <see cref="EventStoreRequestFeature"/>.
/// </summary>
public sealed class EventStoreMount
{
    private PathString? _prefix;

    /// <summary>The prefix (<c>/events</c>), or empty at the root (and before the store is mounted).</summary>
    public PathString Prefix => _prefix ?? PathString.Empty;

    /// <summary>True when the store is mounted at the root: every request of the application is one of the store's.</summary>
    public bool AtRoot => !Prefix.HasValue;

    /// <summary>Whether <paramref name="context"/> is a request of the store's API (its exceptions and problems are the store's to answer).</summary>
    public bool Serves(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AtRoot || context.Features.Get<EventStoreRequestFeature>() is not null;
    }

    internal void Set(PathString prefix)
    {
        if (_prefix is not null)
        {
            throw new InvalidOperationException($"The event store is already mounted at \"{(Prefix.HasValue ? Prefix.Value : "/")}\"; MapCleanEventStore may be called once per application.");
        }

        _prefix = prefix;
    }
}
