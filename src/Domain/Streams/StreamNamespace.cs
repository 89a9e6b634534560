namespace CleanEventStore.Domain.Streams;

/// <summary>
/// The rules of the stream namespace: one spelling per stream, and one writer per stream.
/// <list type="bullet">
/// <item>Write streams are written only by commits to them. Type streams (named like an event's type), tag streams
/// (<c>tags/&lt;tag&gt;</c>) and matcher streams (<c>PUT /streams/{stream}</c>) are derived: only the store writes them,
/// and clients can only read them.</item>
/// <item>A name is <em>reserved</em> when the HTTP path grammar could not address it: its first segment is
/// <c>join</c> or <c>category</c> (the routes <c>/streams/join</c> and <c>/streams/category/…</c>), its last segment is
/// <c>version</c> (<c>/streams/{stream}/version</c>), or it ends in a read-window pair such as <c>…/from/3</c>.
/// No stream, type or tag may be created under a reserved name.</item>
/// </list>
/// The storage providers apply the kind rules inside their group commit, against the committed streams and the
/// earlier commits of the same group, so that two racing commits cannot create a collision together. Each method
/// returns <c>null</c> when the rule holds, else the message of the refusal.
/// </summary>
public static class StreamNamespace
{
    /// <summary>Prefix of the tag streams.</summary>
    public const string TagPrefix = "tags/";

    private static readonly string[] WindowOptions = ["from", "until", "forwards", "backwards"];

    /// <summary>True for a name under <c>tags/</c>.</summary>
    public static bool IsTagStream(string name) => name.StartsWith(TagPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Why a client may not create or append to a stream called <paramref name="name"/> (a syntactically valid name):
    /// it is under <c>tags/</c> or reserved. <paramref name="label"/> prefixes the message.
    /// </summary>
    public static string? RefuseWriteStreamName(string name, string label)
    {
        if (IsTagStream(name))
        {
            return $"{label} \"{name}\" is under \"{TagPrefix}\": tag streams are written only by the store, from the events' tags.";
        }

        return ReservedReason(name) is { } reason ? $"{label} \"{name}\" is a reserved name: {reason}." : null;
    }

    /// <summary>Why <paramref name="name"/> is reserved (it cannot be addressed by every route), or null.</summary>
    /// <remarks>Allocates only for a reserved name: commits check their stream with it.</remarks>
    public static string? ReservedReason(string name)
    {
        var span = name.AsSpan();
        var firstEnd = span.IndexOf('/');
        var first = firstEnd < 0 ? span : span[..firstEnd];
        if (first.SequenceEqual("join") || first.SequenceEqual("category"))
        {
            return $"its first segment \"{first}\" is the route /streams/{first}";
        }

        var lastStart = span.LastIndexOf('/') + 1;
        var last = span[lastStart..];
        if (last.SequenceEqual("version"))
        {
            return "its last segment \"version\" is the route /streams/{stream}/version";
        }

        if (lastStart > 0 && firstEnd < lastStart - 1)
        {
            // At least three segments: the one before the last may be a read-window option.
            var beforeLast = span[..(lastStart - 1)];
            var option = beforeLast[(beforeLast.LastIndexOf('/') + 1)..];
            foreach (var candidate in WindowOptions)
            {
                if (option.SequenceEqual(candidate))
                {
                    return $"it ends in \"{option}/{last}\", which a read of /streams/{{stream}} takes for a read window";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Why a type value may not name a stream, apart from the kinds of existing streams: it is under <c>tags/</c> or
    /// reserved. (Its syntax is checked first, with the original protocol's message.)
    /// </summary>
    public static string? RefuseTypeName(string type)
    {
        if (IsTagStream(type))
        {
            return $"the type \"{type}\" is under \"{TagPrefix}\": a type may not name a tag stream";
        }

        return ReservedReason(type) is { } reason ? $"the type \"{type}\" is a reserved name: {reason}" : null;
    }

    /// <summary>Why a tag may not name its stream <paramref name="tagStream"/> (<c>tags/&lt;tag&gt;</c>): it is reserved.</summary>
    public static string? RefuseTagName(string tag, string tagStream) =>
        ReservedReason(tagStream) is { } reason ? $"the tag \"{tag}\" makes the reserved name \"{tagStream}\": {reason}" : null;

    /// <summary>Why a commit may not write to <paramref name="stream"/>, which exists with <paramref name="kind"/> (null: new).</summary>
    public static string? RefuseCommitTarget(string stream, StreamKind? kind) => kind switch
    {
        null or StreamKind.Write => null,
        _ => $"Stream \"{stream}\" is {Describe(kind.Value)}: only the store writes to it ({Source(kind.Value)}). Commit to a write stream.",
    };

    /// <summary>Why <paramref name="stream"/>, which exists with <paramref name="kind"/>, may not be closed.</summary>
    public static string? RefuseClose(string stream, StreamKind kind) => kind switch
    {
        StreamKind.Write => null,
        _ => $"Stream \"{stream}\" is {Describe(kind)}: only write streams can be closed.",
    };

    /// <summary>
    /// Why event <paramref name="index"/> may not have the type <paramref name="type"/>: a stream of that name exists and is
    /// not a type stream (<paramref name="kind"/>), or it is the stream the commit writes to.
    /// </summary>
    public static string? RefuseEventType(int index, string type, StreamKind? kind, bool isCommitTarget)
    {
        if (isCommitTarget)
        {
            return $"events[{index}]: the type \"{type}\" is the stream this commit writes to; one name cannot be both a write stream and a type stream.";
        }

        return kind is null or StreamKind.Type
            ? null
            : $"events[{index}]: the type \"{type}\" names {Describe(kind.Value)}; an event's type may only name a type stream.";
    }

    /// <summary>Why event <paramref name="index"/> may not carry the tag whose stream <paramref name="tagStream"/> exists with <paramref name="kind"/>.</summary>
    public static string? RefuseTag(int index, string tagStream, StreamKind? kind) =>
        kind is null or StreamKind.Tag
            ? null
            : $"events[{index}]: the tag \"{tagStream[TagPrefix.Length..]}\" names \"{tagStream}\", which is {Describe(kind.Value)}; a tag may only name a tag stream.";

    /// <summary>"a write stream", "a type stream", …</summary>
    public static string Describe(StreamKind kind) => kind switch
    {
        StreamKind.Write => "a write stream",
        StreamKind.Type => "a type stream",
        StreamKind.Tag => "a tag stream",
        StreamKind.Derived => "a matcher stream",
        _ => "the global log",
    };

    private static string Source(StreamKind kind) => kind switch
    {
        StreamKind.Type => "from the events' types",
        StreamKind.Tag => "from the events' tags",
        StreamKind.Derived => "from its matcher",
        _ => "it is the log itself",
    };
}
