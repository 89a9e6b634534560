namespace CleanEventStore.Domain.Matching;

/// <summary>One property of an <see cref="ObjectPattern"/>: the document's property <see cref="Name"/> must match.</summary>
public sealed record PropertyPattern(string Name, Pattern Pattern);
