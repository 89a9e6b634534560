using System.Buffers;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// A <see cref="Matcher"/> evaluated directly on the raw UTF-8 JSON of a stored document, in one forward pass of a
/// <see cref="Utf8JsonReader"/>, without allocating: unescaped names and strings are compared byte for byte, escaped
/// ones with <c>ValueTextEquals</c> (which unescapes into a stack buffer), numbers are read with <c>TryGetDouble</c>,
/// and scratch space is stack-allocated or pooled.
/// <para>Semantics (seed engine 2.10, HTTP protocol 4.4):</para>
/// <list type="bullet">
/// <item>every listed property must be present and match; a missing value never matches, not even <c>$ne</c>;</item>
/// <item>a scalar pattern is strict equality (same kind and value; numbers as doubles, so <c>1 == 1.0 == 1e0</c>;
/// strings by their unescaped text) and never equals an array or object;</item>
/// <item><c>$gt $gte $lt $lte</c> compare a number with a number or a string with a string (ordinal UTF-16, as in
/// JavaScript); any other pairing is false. <c>$eq</c>/<c>$ne</c> are strict (in)equality. <c>$has</c>/<c>$hasAny</c>
/// need an array value containing the operand / any operand;</item>
/// <item>a nested object pattern needs the value present (any type); its properties exist only on objects, so a
/// non-object value matches only <c>{}</c>.</item>
/// </list>
/// <para>
/// Duplicate keys in a document: the <b>first</b> occurrence decides (later duplicates are skipped). Evaluation stops
/// at the first failing property, and once the last needed property of the root has matched it returns without
/// reading the rest of the document. A malformed document, or a string with an unpaired surrogate escape that has to
/// be compared by order, does not match.
/// </para>
/// <para>
/// Objects and arrays the matcher does not look into (an unwanted property such as the payload under a metadata
/// filter, the rest of an object once every wanted property matched) are not tokenized: <see cref="JsonScan"/> finds
/// their closing bracket by tracking only brackets and strings, and reading resumes there with a reader rebuilt from
/// the container's saved <see cref="JsonReaderState"/>. This is still one forward pass, but skipped bytes are not
/// validated; stored documents are well-formed JSON written by the store.
/// </para>
/// </summary>
internal sealed class RawEventFilter : IEventFilter
{
    private const int MaxStackFlags = 64;
    private const int MaxStackChars = 256;

    // Documents are written by the store; allow deeper nesting than matchers (which are limited to 64 levels).
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly CompiledPattern _root;
    private readonly bool _matchesEverything;

    public RawEventFilter(Matcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        Matcher = matcher;
        _root = CompiledPattern.Compile(matcher.Root);
        _matchesEverything = matcher.MatchesEverything;
    }

    public Matcher Matcher { get; }

    public bool Matches(ReadOnlySpan<byte> document)
    {
        if (_matchesEverything)
        {
            return true;
        }

        var cursor = new Cursor(document);
        try
        {
            return cursor.Reader.Read() && MatchObject(ref cursor, _root, canAbandon: true);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Every Match* method starts with the reader on the first token of the value. When it returns true and
    // canAbandon is false, the reader is on the last token of that value (so the caller can continue); when
    // canAbandon is true the caller is going to return true at once, so the rest of the value need not be read.
    // A false result always propagates to the top (every check is an AND), so the position after it is irrelevant.
    private static bool MatchValue(ref Cursor cursor, CompiledPattern pattern, bool canAbandon) => pattern.Kind switch
    {
        CompiledPatternKind.Object => MatchObject(ref cursor, pattern, canAbandon),
        CompiledPatternKind.Scalar => ScalarEquals(ref cursor.Reader, pattern.Scalar),
        CompiledPatternKind.AnyOf => EqualsAny(ref cursor.Reader, pattern.Scalars),
        _ => MatchOperators(ref cursor, pattern, canAbandon),
    };

    private static bool MatchObject(ref Cursor cursor, CompiledPattern pattern, bool canAbandon)
    {
        var count = pattern.Names.Length;
        if (count == 0)
        {
            // {} only needs the value to be present.
            if (!canAbandon)
            {
                SkipValue(ref cursor);
            }

            return true;
        }

        if (cursor.Reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        if (count <= MaxStackFlags)
        {
            Span<bool> done = stackalloc bool[count];
            return MatchProperties(ref cursor, pattern, done, canAbandon);
        }

        var rented = ArrayPool<bool>.Shared.Rent(count);
        try
        {
            var done = rented.AsSpan(0, count);
            done.Clear();
            return MatchProperties(ref cursor, pattern, done, canAbandon);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(rented);
        }
    }

    private static bool MatchProperties(ref Cursor cursor, CompiledPattern pattern, scoped Span<bool> done, bool canAbandon)
    {
        var objectState = cursor.Reader.CurrentState;
        var names = pattern.Names;
        var children = pattern.Children;
        var remaining = names.Length;
        while (cursor.Reader.Read())
        {
            if (cursor.Reader.TokenType != JsonTokenType.PropertyName)
            {
                // EndObject with properties still unmatched: they are missing.
                return false;
            }

            var index = FindProperty(ref cursor.Reader, names, done);
            cursor.Reader.Read();
            if (index < 0)
            {
                // Not wanted, or a duplicate of a property already matched (first occurrence wins).
                SkipValue(ref cursor);
                continue;
            }

            if (!MatchValue(ref cursor, children[index], canAbandon && remaining == 1))
            {
                return false;
            }

            done[index] = true;
            if (--remaining == 0)
            {
                if (!canAbandon)
                {
                    SkipRestOfContainer(ref cursor, objectState);
                }

                return true;
            }
        }

        return false;
    }

    private static int FindProperty(ref Utf8JsonReader reader, byte[][] names, scoped Span<bool> done)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (!done[i] && TextEquals(ref reader, names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MatchOperators(ref Cursor cursor, CompiledPattern pattern, bool canAbandon)
    {
        foreach (var test in pattern.ValueTests)
        {
            var passed = test.Operator switch
            {
                MatcherOperator.Equal => ScalarEquals(ref cursor.Reader, test.Operand),
                MatcherOperator.NotEqual => !ScalarEquals(ref cursor.Reader, test.Operand),
                _ => Compare(ref cursor.Reader, test.Operator, test.Operand),
            };
            if (!passed)
            {
                return false;
            }
        }

        var arrayTests = pattern.ArrayTests;
        if (arrayTests.Length == 0)
        {
            // Only $ne can accept an object or array value; step over it.
            if (!canAbandon)
            {
                SkipValue(ref cursor);
            }

            return true;
        }

        if (cursor.Reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        if (arrayTests.Length <= MaxStackFlags)
        {
            Span<bool> found = stackalloc bool[arrayTests.Length];
            return ScanArray(ref cursor, arrayTests, found, canAbandon);
        }

        var rented = ArrayPool<bool>.Shared.Rent(arrayTests.Length);
        try
        {
            var found = rented.AsSpan(0, arrayTests.Length);
            found.Clear();
            return ScanArray(ref cursor, arrayTests, found, canAbandon);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(rented);
        }
    }

    /// <summary>One pass over the array at the cursor, satisfying every <c>$has</c>/<c>$hasAny</c> test.</summary>
    private static bool ScanArray(ref Cursor cursor, CompiledTest[] tests, scoped Span<bool> found, bool canAbandon)
    {
        var arrayState = cursor.Reader.CurrentState;
        var pending = tests.Length;
        while (cursor.Reader.Read())
        {
            var tokenType = cursor.Reader.TokenType;
            if (tokenType == JsonTokenType.EndArray)
            {
                return false;
            }

            if (tokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                // Objects and arrays never equal a scalar operand.
                SkipValue(ref cursor);
                continue;
            }

            for (var i = 0; i < tests.Length; i++)
            {
                if (found[i])
                {
                    continue;
                }

                var test = tests[i];
                var hit = test.Operator == MatcherOperator.Has
                    ? ScalarEquals(ref cursor.Reader, test.Operand)
                    : EqualsAny(ref cursor.Reader, test.Operands);
                if (!hit)
                {
                    continue;
                }

                found[i] = true;
                if (--pending == 0)
                {
                    if (!canAbandon)
                    {
                        SkipRestOfContainer(ref cursor, arrayState);
                    }

                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>From the first token of a value, moves to its last token; objects and arrays are scanned, not tokenized.</summary>
    private static void SkipValue(ref Cursor cursor)
    {
        if (cursor.Reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var containerState = cursor.Reader.CurrentState;
        var end = JsonScan.IndexOfContainerEnd(cursor.Document, cursor.Position);
        if (end < 0)
        {
            // Truncated: let the reader fail the usual way.
            cursor.Reader.Skip();
            return;
        }

        // Resuming at the closing bracket with the state saved at the opening one reads it as the end token.
        cursor.ResumeAt(end, containerState);
        cursor.Reader.Read();
    }

    /// <summary>From a token inside a container (opened with <paramref name="containerState"/>), moves to its end token.</summary>
    private static void SkipRestOfContainer(ref Cursor cursor, JsonReaderState containerState)
    {
        var end = JsonScan.IndexOfContainerEnd(cursor.Document, cursor.Position);
        if (end < 0)
        {
            // Truncated: read on so that the reader fails the usual way.
            while (cursor.Reader.Read())
            {
                cursor.Reader.Skip();
            }

            return;
        }

        cursor.ResumeAt(end, containerState);
        cursor.Reader.Read();
    }

    /// <summary>Equality of the current string or property name, unescaped, with UTF-8 text.</summary>
    private static bool TextEquals(ref Utf8JsonReader reader, byte[] utf8) =>
        reader.ValueIsEscaped ? EscapedTextEquals(ref reader, utf8) : reader.ValueSpan.SequenceEqual(utf8);

    private static bool EscapedTextEquals(ref Utf8JsonReader reader, byte[] utf8)
    {
        try
        {
            return reader.ValueTextEquals(utf8);
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape ("\ud800"): such a string never equals well-formed matcher text.
            return false;
        }
    }

    /// <summary>Strict equality of the current token with a scalar; false for objects and arrays.</summary>
    private static bool ScalarEquals(ref Utf8JsonReader reader, CompiledScalar scalar) => scalar.Kind switch
    {
        JsonScalarKind.Text => reader.TokenType == JsonTokenType.String && TextEquals(ref reader, scalar.Utf8),
        JsonScalarKind.Number => reader.TokenType == JsonTokenType.Number && JsonSyntax.ReadNumber(ref reader) == scalar.Number,
        JsonScalarKind.Boolean => reader.TokenType == (scalar.Boolean ? JsonTokenType.True : JsonTokenType.False),
        _ => reader.TokenType == JsonTokenType.Null,
    };

    /// <summary>Strict equality of the current token with any of <paramref name="scalars"/> (the number is read once).</summary>
    private static bool EqualsAny(ref Utf8JsonReader reader, CompiledScalar[] scalars)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Text && TextEquals(ref reader, scalar.Utf8))
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.Number:
                var number = JsonSyntax.ReadNumber(ref reader);
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Number && scalar.Number == number)
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.True:
            case JsonTokenType.False:
                var boolean = reader.TokenType == JsonTokenType.True;
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Boolean && scalar.Boolean == boolean)
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.Null:
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Null)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary><c>$gt $gte $lt $lte</c>: number with number, string with string; any other pairing is false.</summary>
    private static bool Compare(ref Utf8JsonReader reader, MatcherOperator op, CompiledScalar operand)
    {
        int order;
        if (operand.Kind == JsonScalarKind.Number && reader.TokenType == JsonTokenType.Number)
        {
            order = JsonSyntax.ReadNumber(ref reader).CompareTo(operand.Number);
        }
        else if (operand.Kind == JsonScalarKind.Text && reader.TokenType == JsonTokenType.String)
        {
            if (!TryCompareText(ref reader, operand, out order))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        return op switch
        {
            MatcherOperator.GreaterThan => order > 0,
            MatcherOperator.GreaterThanOrEqual => order >= 0,
            MatcherOperator.LessThan => order < 0,
            _ => order <= 0,
        };
    }

    /// <summary>Ordinal UTF-16 comparison of the current string token with <paramref name="operand"/>.</summary>
    private static bool TryCompareText(ref Utf8JsonReader reader, CompiledScalar operand, out int order)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && operand.IsAscii)
        {
            order = raw.SequenceCompareTo(operand.Utf8);
            return true;
        }

        // Unescaped UTF-16 never has more code units than the escaped UTF-8 has bytes.
        char[]? rented = null;
        var buffer = raw.Length <= MaxStackChars
            ? stackalloc char[MaxStackChars]
            : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var length = reader.CopyString(buffer);
            order = buffer[..length].SequenceCompareTo(operand.Text);
            return true;
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape: not representable, treated as incomparable.
            order = 0;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// A reader over <see cref="Document"/> that can resume at a later index: <see cref="Utf8JsonReader"/> cannot jump,
    /// so a new one is created over the rest of the document from a saved <see cref="JsonReaderState"/>.
    /// </summary>
    private ref struct Cursor
    {
        public Utf8JsonReader Reader;

        private readonly ReadOnlySpan<byte> _document;
        private int _base;

        public Cursor(ReadOnlySpan<byte> document)
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
    }
}
