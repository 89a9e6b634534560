using System.Buffers;
using CleanEventStore.Api.Responses;

namespace CleanEventStore.Api.FunctionalTests.Results;

/// <summary>The pooled writer behind commit results: the commit tests cover its common use, these its edges.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Write_PastTheInitialCapacity_GrowsAndKeepsEveryByte()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = new byte[10_000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)(i % 251);
        }

        for (var offset = 0; offset < expected.Length; offset += 1000)
        {
            writer.Write(expected.AsSpan(offset, 1000));
        }

        Assert.Equal(expected, writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Advance_PastTheEndOfTheBuffer_Throws()
    {
        using var writer = new PooledBufferWriter(256);
        var room = writer.GetSpan().Length;

        Assert.Throws<InvalidOperationException>(() => writer.Advance(room + 1));
    }

    [Fact]
    public void GetSpan_AfterDispose_Throws()
    {
        var writer = new PooledBufferWriter(256);
        writer.Write("{}"u8);
        writer.Dispose();

        Assert.True(writer.WrittenMemory.IsEmpty);
        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan(1));
    }
}
