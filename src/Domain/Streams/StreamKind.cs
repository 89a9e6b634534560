namespace CleanEventStore.Domain.Streams;

public enum StreamKind
{
    /// <summary>Created by committing to it.</summary>
    Write,

    /// <summary>Maintained per event type (<c>TypeAccessor</c>).</summary>
    Type,

    /// <summary>Maintained per tag, named <c>tags/&lt;tag&gt;</c> (<c>TagsAccessor</c>).</summary>
    Tag,

    /// <summary>Created with <c>PUT /streams/{stream}</c> and a matcher.</summary>
    Derived,

    /// <summary>The global log <c>_all</c>.</summary>
    All,
}
