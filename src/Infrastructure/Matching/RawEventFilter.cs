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

    // Documents are written by the store; allow deeper nesting than matchers (which are limited to 64 levels).
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

        var cursor = new JsonCursor(document);
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
    private static bool MatchValue(ref JsonCursor cursor, CompiledPattern pattern, bool canAbandon) => pattern.Kind switch
    {
        CompiledPatternKind.Object => MatchObject(ref cursor, pattern, canAbandon),
        CompiledPatternKind.Scalar => RawScalars.ScalarEquals(ref cursor.Reader, pattern.Scalar),
        CompiledPatternKind.AnyOf => RawScalars.EqualsAny(ref cursor.Reader, pattern.Scalars),
        _ => MatchOperators(ref cursor, pattern, canAbandon),
    };

    private static bool MatchObject(ref JsonCursor cursor, CompiledPattern pattern, bool canAbandon)
    {
        var count = pattern.Names.Length;
        if (count == 0)
        {
            // {} only needs the value to be present.
            if (!canAbandon)
            {
                cursor.SkipValue();
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

    private static bool MatchProperties(ref JsonCursor cursor, CompiledPattern pattern, scoped Span<bool> done, bool canAbandon)
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
                cursor.SkipValue();
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
                    cursor.SkipRestOfContainer(objectState);
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
            if (!done[i] && RawScalars.TextEquals(ref reader, names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MatchOperators(ref JsonCursor cursor, CompiledPattern pattern, bool canAbandon)
    {
        foreach (var test in pattern.ValueTests)
        {
            var passed = test.Operator switch
            {
                MatcherOperator.Equal => RawScalars.ScalarEquals(ref cursor.Reader, test.Operand),
                MatcherOperator.NotEqual => !RawScalars.ScalarEquals(ref cursor.Reader, test.Operand),
                _ => RawScalars.Compare(ref cursor.Reader, test.Operator, test.Operand),
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
                cursor.SkipValue();
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
    private static bool ScanArray(ref JsonCursor cursor, CompiledTest[] tests, scoped Span<bool> found, bool canAbandon)
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
                cursor.SkipValue();
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
                    ? RawScalars.ScalarEquals(ref cursor.Reader, test.Operand)
                    : RawScalars.EqualsAny(ref cursor.Reader, test.Operands);
                if (!hit)
                {
                    continue;
                }

                found[i] = true;
                if (--pending == 0)
                {
                    if (!canAbandon)
                    {
                        cursor.SkipRestOfContainer(arrayState);
                    }

                    return true;
                }
            }
        }

        return false;
    }
}
