using System.Globalization;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>NDJSON lines in the server's format, for scripted responses.</summary>
public static class Lines
{
    /// <summary>A stored event document; with <paramref name="position"/>, as a follow sends it (<c>"position"</c> last in the metadata).</summary>
    public static string Event(string stream, long commitId, long streamVersion, int commitVersion = 0, int commitSize = 1, long? position = null, string payload = "{\"type\":\"OrderPlaced\"}", string custom = "") =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"stream\":\"{stream}\",\"payload\":{payload},\"metadata\":{{\"commitId\":{commitId},\"committedAt\":1795773961989,\"commitVersion\":{commitVersion},\"commitSize\":{commitSize}{(custom.Length > 0 ? "," + custom : string.Empty)},\"streamVersion\":{streamVersion}{(position is { } p ? ",\"position\":" + p.ToString(CultureInfo.InvariantCulture) : string.Empty)}}}}}");

    /// <summary>A followed event at global position <paramref name="position"/> (its own commit), the <paramref name="streamVersion"/>-th of <paramref name="stream"/>.</summary>
    public static string Followed(long position, string stream = "orders-1", long streamVersion = 0) =>
        Event(stream, position - 1, streamVersion, position: position, payload: $"{{\"type\":\"OrderPlaced\",\"n\":{position.ToString(CultureInfo.InvariantCulture)}}}");

    public static string CaughtUp(long position) => string.Create(CultureInfo.InvariantCulture, $"{{\"caughtUp\":{{\"position\":{position}}}}}");

    public static string Heartbeat(long position) => string.Create(CultureInfo.InvariantCulture, $"{{\"heartbeat\":{{\"position\":{position}}}}}");
}
