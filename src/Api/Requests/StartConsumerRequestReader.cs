using System.Text;
using System.Text.Json;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Consumers.Common;
using CleanEventStore.Application.Consumers.StartConsumer;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Maps <c>PUT /consumers/{identifier}/stream/{stream}[/from/{n}]</c> to a <see cref="StartConsumerCommand"/>: the body
/// <c>{"handler": "&lt;source&gt;", "state": {…}}</c> is read first (malformed JSON is a 400), then the identifier and
/// the stream (<c>_all</c> allowed) are built; the shapes of handler and state are the validator's.
/// </summary>
public static class StartConsumerRequestReader
{
    /// <summary>The request body may nest deeper than the state limit, so that a too-deep state gets the state's message.</summary>
    private const int MaxBodyDepth = ConsumerLimits.MaxStateDepth + 16;

    public static StartConsumerCommand Read(string identifier, string stream, long from, byte[] body)
    {
        var (handler, state) = ReadBody(body);
        return new StartConsumerCommand(RequestValues.Consumer(identifier), RequestValues.Stream(stream, "stream", allowAll: true), from, handler, state);
    }

    /// <summary>
    /// Reads <c>{"handler": "&lt;source&gt;", "state": {…}}</c>: the handler when it is a string (else null, which the
    /// validator refuses), the state as compact JSON when present (its shape is the validator's).
    /// </summary>
    private static (string? Handler, string? State) ReadBody(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw Bad(ConsumerMessages.PayloadNotObject);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxBodyDepth });
        var inState = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad(ConsumerMessages.PayloadNotObject);
            }

            string? handler = null;
            string? state = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.NameIs("handler"u8))
                {
                    reader.Read();
                    handler = reader.TokenType == JsonTokenType.String ? HandlerSource(ref reader) : null;
                    reader.Skip();
                }
                else if (reader.NameIs("state"u8))
                {
                    reader.Read();
                    inState = true;
                    state = Encoding.UTF8.GetString(JsonCompactor.Copy(ref reader));
                    inState = false;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw Bad("The request body holds more than one JSON value.");
            }

            return (handler, state);
        }
        catch (JsonException exception)
        {
            throw inState && reader.CurrentDepth >= MaxBodyDepth - 1
                ? Bad(ConsumerMessages.StateNotObject)
                : Bad(CommitRequestReader.InvalidJson(exception));
        }
    }

    /// <summary>
    /// The handler string, unescaped. One with an unpaired surrogate escape (<c>"\ud800"</c>, valid JSON) has no .NET
    /// string, and its escaped text would be another program, so it is refused like any source that is no function.
    /// </summary>
    private static string HandlerSource(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Bad($"{ConsumerMessages.HandlerInvalid[..^1]}: it holds an unpaired surrogate escape (such as \"\\ud800\").");
        }
    }

    private static BadRequestException Bad(string message) => new(StatusCodes.Status400BadRequest, message);
}
