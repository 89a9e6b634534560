using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Native;

/// <summary>Positional reads that fill the whole destination (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> may return less).</summary>
internal static class ExactRead
{
    /// <summary>
    /// Reads <c>destination.Length</c> bytes at <paramref name="offset"/>. False when the file ends first;
    /// <paramref name="endOffset"/> is then the offset at which it ended. Callers throw what their file format calls it.
    /// </summary>
    public static bool TryRead(SafeFileHandle handle, Span<byte> destination, long offset, out long endOffset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read <= 0)
            {
                endOffset = offset;
                return false;
            }

            destination = destination[read..];
            offset += read;
        }

        endOffset = offset;
        return true;
    }
}
