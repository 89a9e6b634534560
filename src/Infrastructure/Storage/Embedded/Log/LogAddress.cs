namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

/// <summary>
/// A logical address in the log: the segment index in the high bits, the byte offset inside the segment file
/// (header included) in the low 40 bits. Addresses grow monotonically with the log.
/// </summary>
internal static class LogAddress
{
    public const int OffsetBits = 40;
    public const long OffsetMask = (1L << OffsetBits) - 1;

    public static long Make(long segment, long offset) => (segment << OffsetBits) | offset;

    public static long Segment(long address) => address >> OffsetBits;

    public static long Offset(long address) => address & OffsetMask;

    public static string Describe(long address) => $"segment {Segment(address)} offset {Offset(address)}";
}
