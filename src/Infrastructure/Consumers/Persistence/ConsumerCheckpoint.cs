using System.Buffers.Binary;
using System.Text;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>
/// The pair (position, state) of a consumer, written together so that the state always reflects exactly the first
/// <paramref name="Position"/> events, plus the fault when the handler failed on event <paramref name="FailedRevision"/>.
/// <paramref name="Sequence"/> orders the checkpoints of one generation (the newest valid one wins).
/// Body layout (little-endian): sequence u64, generation u64, position i64, failed revision i64 (-1: none),
/// state length i32, error length i32 (-1: none), then the state and the error as UTF-8.
/// </summary>
internal sealed record ConsumerCheckpoint(long Sequence, long Generation, long Position, string State, string? Error, long? FailedRevision)
{
    public const int FixedSize = 40;

    public bool IsFaulted => Error is not null;

    /// <summary>The first checkpoint of a generation: sequence 1, position <c>From</c>, the initial state, no fault.</summary>
    public static ConsumerCheckpoint Initial(PersistedDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ConsumerCheckpoint(1, definition.Generation, definition.Definition.From, definition.Definition.InitialState, null, null);
    }

    public byte[] ToBody()
    {
        var stateLength = Encoding.UTF8.GetByteCount(State);
        var errorLength = Error is null ? 0 : Encoding.UTF8.GetByteCount(Error);
        var body = new byte[FixedSize + stateLength + errorLength];
        var span = body.AsSpan();
        BinaryPrimitives.WriteInt64LittleEndian(span, Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], Position);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], FailedRevision ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(span[32..], stateLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[36..], Error is null ? -1 : errorLength);
        Encoding.UTF8.GetBytes(State, span[FixedSize..]);
        if (Error is not null)
        {
            Encoding.UTF8.GetBytes(Error, span[(FixedSize + stateLength)..]);
        }

        return body;
    }

    /// <summary>Reads a checkpoint body; null when the lengths do not add up.</summary>
    public static ConsumerCheckpoint? Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < FixedSize)
        {
            return null;
        }

        var stateLength = BinaryPrimitives.ReadInt32LittleEndian(body[32..]);
        var errorLength = BinaryPrimitives.ReadInt32LittleEndian(body[36..]);
        if (stateLength < 0 || errorLength < -1 || (long)FixedSize + stateLength + Math.Max(0, errorLength) != body.Length)
        {
            return null;
        }

        var failed = BinaryPrimitives.ReadInt64LittleEndian(body[24..]);
        return new ConsumerCheckpoint(
            BinaryPrimitives.ReadInt64LittleEndian(body),
            BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            Encoding.UTF8.GetString(body.Slice(FixedSize, stateLength)),
            errorLength < 0 ? null : Encoding.UTF8.GetString(body.Slice(FixedSize + stateLength, errorLength)),
            failed < 0 ? null : failed);
    }
}
