using System.Globalization;
using System.Text;

namespace CleanEventStore.Client;

/// <summary>
/// The part of a stream (or of the log, a join, a category) a read returns: <c>[/from/{n}][/until/{n}][/forwards/{n}][/backwards/{n}]</c>.
/// <see cref="From"/> and <see cref="Until"/> are 1-based revisions of the stream (global positions for <c>_all</c>,
/// joins and categories), or negative to count from the end (<c>-1</c> is the last event); <see cref="From"/> above
/// <see cref="Until"/> reads in reverse. The defaults are from the first event to the current end. A window that
/// reaches past the end is a long-poll: the server waits (up to its <c>StreamPollTimeoutMs</c>) for the missing events.
/// </summary>
public sealed record ReadWindow
{
    private readonly long? _from;
    private readonly long? _until;
    private readonly long? _forwards;
    private readonly long? _backwards;

    /// <summary>The whole stream, first to last.</summary>
    public static ReadWindow Everything { get; } = new();

    /// <summary>The first revision (or position) to read; not 0.</summary>
    public long? From
    {
        get => _from;
        init => _from = value == 0 ? throw new ArgumentOutOfRangeException(nameof(From), "Revisions are 1-based (negative ones count from the end); 0 is not one.") : value;
    }

    /// <summary>The last revision (or position) to read; not 0.</summary>
    public long? Until
    {
        get => _until;
        init => _until = value == 0 ? throw new ArgumentOutOfRangeException(nameof(Until), "Revisions are 1-based (negative ones count from the end); 0 is not one.") : value;
    }

    /// <summary>At most this many events, reading forwards from <see cref="From"/>; positive.</summary>
    public long? Forwards
    {
        get => _forwards;
        init => _forwards = value <= 0 ? throw new ArgumentOutOfRangeException(nameof(Forwards), "A count must be positive.") : value;
    }

    /// <summary>At most this many events, reading backwards from <see cref="Until"/> (newest first); positive.</summary>
    public long? Backwards
    {
        get => _backwards;
        init => _backwards = value <= 0 ? throw new ArgumentOutOfRangeException(nameof(Backwards), "A count must be positive.") : value;
    }

    /// <summary>The last <paramref name="count"/> events, newest first.</summary>
    public static ReadWindow Last(long count) => new() { Backwards = count };

    /// <summary>At most <paramref name="count"/> events from <paramref name="from"/> on.</summary>
    public static ReadWindow Starting(long from, long? count = null) => new() { From = from, Forwards = count };

    /// <summary>The path suffix (<c>/from/2/forwards/2</c>), empty for the whole stream.</summary>
    /// <exception cref="ArgumentException">Both <see cref="Forwards"/> and <see cref="Backwards"/> are set.</exception>
    internal string ToPath()
    {
        if (_forwards is not null && _backwards is not null)
        {
            throw new ArgumentException("Specify either Forwards or Backwards, not both.");
        }

        var path = new StringBuilder();
        Append(path, "from", _from);
        Append(path, "until", _until);
        Append(path, "forwards", _forwards);
        Append(path, "backwards", _backwards);
        return path.ToString();
    }

    private static void Append(StringBuilder path, string name, long? value)
    {
        if (value is { } number)
        {
            path.Append('/').Append(name).Append('/').Append(number.ToString(CultureInfo.InvariantCulture));
        }
    }
}
