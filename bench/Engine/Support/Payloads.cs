using System.Globalization;
using System.Text;

namespace CleanEventStore.Engine.Benchmarks.Support;

/// <summary>The benchmark events: compact JSON objects of exactly <see cref="EventSize"/> bytes.</summary>
internal static class Payloads
{
    /// <summary>Bytes of every event payload (the JSON a client commits), as issue 5 asks ("~150-byte events").</summary>
    public const int EventSize = 150;

    /// <summary><c>{"type":"&lt;type&gt;","n":&lt;n&gt;,"data":"xx…"}</c>, padded with <c>x</c> to <see cref="EventSize"/> bytes.</summary>
    public static byte[] Event(long n, string type = "BenchEvent")
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"{type}\",\"n\":{n},\"data\":\"");
        var padding = EventSize - head.Length - 2;
        if (padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "The event does not fit in the payload size.");
        }

        return Encoding.UTF8.GetBytes(head + new string('x', padding) + "\"}");
    }

    /// <summary><paramref name="count"/> events numbered from <paramref name="first"/>.</summary>
    public static ReadOnlyMemory<byte>[] Events(int count, long first = 0, string type = "BenchEvent")
    {
        var events = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Event(first + i, type);
        }

        return events;
    }
}
