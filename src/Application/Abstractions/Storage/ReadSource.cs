using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>What a read covers. Stream reads use stream revisions; the other kinds use global positions.</summary>
public abstract record ReadSource
{
    private ReadSource()
    {
    }

    /// <summary>True when windows are in global positions (everything but a single named stream).</summary>
    public abstract bool UsesGlobalPositions { get; }

    /// <summary>One stream by name; <c>_all</c> is the global log.</summary>
    public sealed record Stream(StreamName Name) : ReadSource
    {
        public override bool UsesGlobalPositions => Name.IsAll;
    }

    /// <summary>A join over the selector algebra (OR at even depth, AND at odd depth), in global order.</summary>
    public sealed record Join(Selector Selector) : ReadSource
    {
        public override bool UsesGlobalPositions => true;
    }

    /// <summary>Every stream named <c>{category}-…</c> or <c>{category}/…</c>, in global order.</summary>
    public sealed record Category(string Name) : ReadSource
    {
        public override bool UsesGlobalPositions => true;
    }
}
