using System.Text.Json;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// A reader over <see cref="Document"/> that can resume at a later index: <see cref="Utf8JsonReader"/> cannot jump,
/// so a new one is created over the rest of the document from a saved <see cref="JsonReaderState"/>.
/// </summary>
internal ref struct JsonCursor
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    public Utf8JsonReader Reader;

    private readonly ReadOnlySpan<byte> _document;
    private int _base;

    public JsonCursor(ReadOnlySpan<byte> document)
    {
        _document = document;
        Reader = new Utf8JsonReader(document, ReaderOptions);
        _base = 0;
    }

    public readonly ReadOnlySpan<byte> Document => _document;

    /// <summary>The index in <see cref="Document"/> just after the current token.</summary>
    public int Position => _base + (int)Reader.BytesConsumed;

    /// <summary>Continues reading at <paramref name="position"/> as if just after the token where <paramref name="state"/> was saved.</summary>
    public void ResumeAt(int position, JsonReaderState state)
    {
        Reader = new Utf8JsonReader(_document[position..], isFinalBlock: true, state);
        _base = position;
    }

    /// <summary>From the first token of a value, moves to its last token; objects and arrays are scanned, not tokenized.</summary>
    public void SkipValue()
    {
        if (Reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var containerState = Reader.CurrentState;
        var end = JsonScan.IndexOfContainerEnd(_document, Position);
        if (end < 0)
        {
            // Truncated: let the reader fail the usual way.
            Reader.Skip();
            return;
        }

        // Resuming at the closing bracket with the state saved at the opening one reads it as the end token.
        ResumeAt(end, containerState);
        Reader.Read();
    }

    /// <summary>From a token inside a container (opened with <paramref name="containerState"/>), moves to its end token.</summary>
    public void SkipRestOfContainer(JsonReaderState containerState)
    {
        var end = JsonScan.IndexOfContainerEnd(_document, Position);
        if (end < 0)
        {
            // Truncated: read on so that the reader fails the usual way.
            while (Reader.Read())
            {
                Reader.Skip();
            }

            return;
        }

        ResumeAt(end, containerState);
        Reader.Read();
    }
}
