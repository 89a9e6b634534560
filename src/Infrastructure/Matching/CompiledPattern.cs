using System.Text;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// A <see cref="Pattern"/> flattened for the raw evaluator: names pre-encoded as UTF-8, scalars prepared, and the
/// tests of an operator object split into those that look at the value itself and those that scan an array.
/// </summary>
internal sealed class CompiledPattern
{
    private static readonly CompiledScalar NullScalar = new(JsonScalar.Null);

    private CompiledPattern(CompiledPatternKind kind) => Kind = kind;

    public CompiledPatternKind Kind { get; }

    /// <summary><see cref="CompiledPatternKind.Object"/>: property names (unescaped UTF-8), parallel to <see cref="Children"/>.</summary>
    public byte[][] Names { get; private init; } = [];

    public CompiledPattern[] Children { get; private init; } = [];

    /// <summary><see cref="CompiledPatternKind.Scalar"/>: the value to equal.</summary>
    public CompiledScalar Scalar { get; private init; } = NullScalar;

    /// <summary><see cref="CompiledPatternKind.AnyOf"/>: the values of which one must be equal.</summary>
    public CompiledScalar[] Scalars { get; private init; } = [];

    /// <summary><see cref="CompiledPatternKind.Operators"/>: <c>$eq $ne $gt $gte $lt $lte</c>.</summary>
    public CompiledTest[] ValueTests { get; private init; } = [];

    /// <summary><see cref="CompiledPatternKind.Operators"/>: <c>$has $hasAny</c> (the value must be an array).</summary>
    public CompiledTest[] ArrayTests { get; private init; } = [];

    public static CompiledPattern Compile(Pattern pattern) => pattern switch
    {
        ObjectPattern objectPattern => CompileObject(objectPattern),
        ScalarPattern scalar => new CompiledPattern(CompiledPatternKind.Scalar) { Scalar = new CompiledScalar(scalar.Value) },
        AnyOfPattern anyOf => new CompiledPattern(CompiledPatternKind.AnyOf) { Scalars = CompileScalars(anyOf.Values) },
        OperatorPattern operators => CompileOperators(operators),
        _ => throw new ArgumentException($"Unknown pattern type {pattern?.GetType().Name}.", nameof(pattern)),
    };

    private static CompiledPattern CompileObject(ObjectPattern pattern)
    {
        var count = pattern.Properties.Count;
        var names = new byte[count][];
        var children = new CompiledPattern[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(pattern.Properties[i].Name);
            children[i] = Compile(pattern.Properties[i].Pattern);
        }

        return new CompiledPattern(CompiledPatternKind.Object) { Names = names, Children = children };
    }

    private static CompiledPattern CompileOperators(OperatorPattern pattern)
    {
        var valueTests = new List<CompiledTest>();
        var arrayTests = new List<CompiledTest>();
        foreach (var test in pattern.Tests)
        {
            var compiled = new CompiledTest(test.Operator, new CompiledScalar(test.Operand), CompileScalars(test.Operands));
            if (test.Operator is MatcherOperator.Has or MatcherOperator.HasAny)
            {
                arrayTests.Add(compiled);
            }
            else
            {
                valueTests.Add(compiled);
            }
        }

        return new CompiledPattern(CompiledPatternKind.Operators) { ValueTests = [.. valueTests], ArrayTests = [.. arrayTests] };
    }

    private static CompiledScalar[] CompileScalars(IReadOnlyList<JsonScalar> values)
    {
        var compiled = new CompiledScalar[values.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = new CompiledScalar(values[i]);
        }

        return compiled;
    }
}
