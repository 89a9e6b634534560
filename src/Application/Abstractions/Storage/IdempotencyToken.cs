namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>The <c>Idempotency-Key</c> of a commit and a hash of everything the request said.</summary>
public sealed record IdempotencyToken(string Key, UInt128 RequestHash)
{
    /// <summary>Longest accepted key, in characters.</summary>
    public const int MaxKeyLength = 128;
}
