namespace CleanEventStore.Infrastructure.Matching;

internal enum CompiledPatternKind : byte
{
    Object,
    Scalar,
    AnyOf,
    Operators,
}
