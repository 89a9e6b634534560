namespace CleanEventStore.Domain.Matching;

/// <summary>
/// One operator with its operand. <see cref="MatcherOperator.HasAny"/> uses <see cref="Operands"/>; the others use
/// <see cref="Operand"/>.
/// </summary>
public sealed record OperatorTest(MatcherOperator Operator, JsonScalar Operand, IReadOnlyList<JsonScalar> Operands);
