using System.Buffers;
using System.Text;
using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Application.UnitTests.Support;

/// <summary>An in-memory batch of NDJSON lines for feeding substitutes; line i is the event at <see cref="FirstPosition"/> + i.</summary>
public sealed class TextBatch(long lastRevision, params string[] lines) : EventBatch
{
    /// <summary>The global position of the first line (the others follow it one by one).</summary>
    public long FirstPosition { get; init; } = 1;

    public override int Count => lines.Length;

    public override int ByteCount => lines.Sum(line => Encoding.UTF8.GetByteCount(line) + 1);

    public override long LastRevision => lastRevision;

    public override void WriteTo(IBufferWriter<byte> destination)
    {
        foreach (var line in lines)
        {
            destination.Write(Encoding.UTF8.GetBytes(line + "\n"));
        }
    }

    public override void ForEach<TState>(TState state, ReadOnlySpanAction<byte, TState> action)
    {
        foreach (var line in lines)
        {
            action(Encoding.UTF8.GetBytes(line), state);
        }
    }

    public override ReadOnlySpan<byte> LineAt(int index) => Encoding.UTF8.GetBytes(lines[index]);

    public override long PositionAt(int index) => FirstPosition + index;

    public static async IAsyncEnumerable<EventBatch> Of(params EventBatch[] batches)
    {
        foreach (var batch in batches)
        {
            await Task.Yield();
            yield return batch;
        }
    }
}
