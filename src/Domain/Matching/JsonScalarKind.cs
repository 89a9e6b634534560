namespace CleanEventStore.Domain.Matching;

public enum JsonScalarKind : byte
{
    Null,
    Text,
    Number,
    Boolean,
}
