using System.Net;
using System.Text;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary>The backup download over a scripted server, and parsing a stored event document outside a read.</summary>
public sealed class AdminAndParseTests
{
    [Fact]
    public async Task GetBackupAsync_CopiesTheArchiveAndReportsItsPosition()
    {
        var archive = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var handler = new ScriptedHandler().Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(archive) };
            response.Content.Headers.ContentType = new("application/octet-stream");
            response.Headers.TryAddWithoutValidation(BackupDownload.PositionHeader, "1234");
            return response;
        });
        using var test = TestClient.Scripted(handler);
        var reported = new List<long>();

        using var download = await test.Client.GetBackupAsync();
        using var copy = new MemoryStream();
        var bytes = await download.CopyToAsync(copy, new InlineProgress(reported.Add));

        Assert.Equal("/admin/backup", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Equal(1234, download.Position);
        Assert.Equal(archive.Length, download.Length);
        Assert.Equal(archive.Length, bytes);
        Assert.Equal(archive, copy.ToArray());
        Assert.Equal(archive.Length, reported[^1]);
    }

    [Fact]
    public async Task GetBackupAsync_Forbidden_ThrowsAndIsNotRetried()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.Forbidden, "forbidden", "needs the admin scope");
        using var test = TestClient.Scripted(handler);

        await Assert.ThrowsAsync<EventStoreForbiddenException>(() => test.Client.GetBackupAsync());

        Assert.Single(handler.Requests);
    }

    [Fact]
    public void Parse_AStoredDocument_GivesItsFields()
    {
        var line = """{"stream":"orders-1","payload":{"type":"OrderPaid"},"metadata":{"commitId":4,"committedAt":1795773961995,"commitVersion":1,"commitSize":2,"requestId":"r1","streamVersion":3}}""";

        var recorded = RecordedEvent.Parse(Encoding.UTF8.GetBytes(line));

        Assert.Equal("orders-1", recorded.Stream);
        Assert.Equal(6, recorded.Position);
        Assert.Equal(3, recorded.StreamVersion);
        Assert.Equal("""{"type":"OrderPaid"}""", Encoding.UTF8.GetString(recorded.Payload.Span));
        Assert.Equal("""{"requestId":"r1"}""", Encoding.UTF8.GetString(recorded.CustomMetadata.Span));
        Assert.Equal(line, recorded.ToString());
    }

    [Fact]
    public void Parse_NotAnEvent_Throws() =>
        Assert.Throws<InvalidDataException>(() => RecordedEvent.Parse("""{"caughtUp":{"position":3}}"""u8.ToArray()));

    private sealed class InlineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
