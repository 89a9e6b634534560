using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>An operator test with its operands prepared for raw comparisons.</summary>
internal sealed record CompiledTest(MatcherOperator Operator, CompiledScalar Operand, CompiledScalar[] Operands);
