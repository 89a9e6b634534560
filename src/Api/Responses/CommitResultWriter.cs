using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using CleanEventStore.Api.Results;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Streams.CommitEvents;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Responses;

/// <summary>
/// Writes the commit result of the protocol: <c>{"commitId":…,"committedAt":…,&lt;client metadata&gt;,"streamName":…,
/// "streamVersion":…,"events":[…]}</c>, where metadata keys that the result sets itself are left out (they would be
/// overridden, as <c>Object.assign</c> does in the original).
/// </summary>
public static class CommitResultWriter
{
    /// <summary>201 with the result; a replayed idempotent retry also gets <c>Idempotent-Replayed: true</c>.</summary>
    public static IActionResult Result(CommitEventsResult result, HttpResponse response)
    {
        if (result.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        var json = Write(result);
        return new RawJsonResult(StatusCodes.Status201Created, json.WrittenMemory, json);
    }

    /// <summary>Writes the result into a pooled buffer, which the caller disposes once the body is sent.</summary>
    public static PooledBufferWriter Write(CommitEventsResult result)
    {
        var size = 160 + result.Stream.Value.Length + result.MetadataMembers.Length;
        foreach (var e in result.Events)
        {
            size += e.Length + 1;
        }

        var writer = new PooledBufferWriter(size);
        writer.Write("{\"commitId\":"u8);
        Number(writer, result.CommitId);
        writer.Write(",\"committedAt\":"u8);
        Number(writer, result.CommittedAt);
        if (!result.MetadataMembers.IsEmpty)
        {
            WriteMembers(writer, result.MetadataMembers.Span);
        }

        writer.Write(",\"streamName\":\""u8);
        writer.Write(Encoding.ASCII.GetBytes(result.Stream.Value));
        writer.Write("\",\"streamVersion\":"u8);
        Number(writer, result.StreamVersion);
        writer.Write(",\"events\":["u8);
        for (var i = 0; i < result.Events.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            writer.Write(result.Events[i].Span);
        }

        writer.Write("]}"u8);
        return writer;
    }

    private static void WriteMembers(PooledBufferWriter writer, ReadOnlySpan<byte> members)
    {
        if (members.IndexOf("\"streamName\""u8) < 0 && members.IndexOf("\"events\""u8) < 0)
        {
            writer.Write(","u8);
            writer.Write(members);
            return;
        }

        var json = new byte[members.Length + 2];
        json[0] = (byte)'{';
        members.CopyTo(json.AsSpan(1));
        json[^1] = (byte)'}';
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var skip = reader.NameIs("streamName"u8) || reader.NameIs("events"u8);
            reader.Read();
            reader.Skip();
            if (!skip)
            {
                writer.Write(","u8);
                writer.Write(json.AsSpan(start, (int)reader.BytesConsumed - start));
            }
        }
    }

    private static void Number(PooledBufferWriter writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }
}
