using System.Text;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>Round trips of every on-disk structure.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public void RecordHeader_RoundTrips_AndVerifiesItsCrc()
    {
        var body = Encoding.UTF8.GetBytes("{\"stream\":\"s\"}\n");
        var record = new byte[RecordHeader.Size + body.Length];
        body.CopyTo(record, RecordHeader.Size);

        RecordHeader.Format(record, body, 42, RecordFlags.CommitEnd);
        var parsed = RecordHeader.Parse(record);

        Assert.Equal(body.Length, parsed.BodyLength);
        Assert.Equal(42, parsed.Position);
        Assert.True(parsed.IsCommitEnd);
        Assert.False(parsed.IsSystem);
        Assert.True(RecordHeader.Verify(record));
        record[^2] ^= 1;
        Assert.False(RecordHeader.Verify(record));
    }

    [Fact]
    public void SegmentHeader_RoundTrips_AndRejectsDamage()
    {
        var bytes = new byte[SegmentHeader.Size];
        new SegmentHeader(7, 1_700_000_000_000).Format(bytes);

        var parsed = SegmentHeader.Parse(bytes, "x.seg");

        Assert.Equal(new SegmentHeader(7, 1_700_000_000_000), parsed);
        bytes[20] ^= 1;
        Assert.Throws<InvalidDataException>(() => SegmentHeader.Parse(bytes, "x.seg"));
    }

    [Fact]
    public void Checkpoint_RoundTrips_AndRejectsDamage()
    {
        var checkpoint = new Checkpoint(10, LogAddress.Make(2, 4096), 144, 184, 300, 5, 123);
        var bytes = new byte[Checkpoint.Size];

        checkpoint.Format(bytes);

        Assert.Equal(checkpoint, Checkpoint.TryParse(bytes));
        bytes[30] ^= 1;
        Assert.Null(Checkpoint.TryParse(bytes));
    }

    [Fact]
    public void IndexFileHeader_RoundTrips_ForItsOwnMagicOnly()
    {
        var bytes = new byte[IndexFileHeader.Size];

        IndexFileHeader.Format(bytes, "CESPOS01"u8);

        Assert.True(IndexFileHeader.IsValid(bytes, "CESPOS01"u8));
        Assert.False(IndexFileHeader.IsValid(bytes, "CESMEM01"u8));
    }

    [Fact]
    public void Crc32C_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void LogAddress_SplitsSegmentAndOffset()
    {
        var address = LogAddress.Make(3, 1234);

        Assert.Equal(3, LogAddress.Segment(address));
        Assert.Equal(1234, LogAddress.Offset(address));
    }
}
