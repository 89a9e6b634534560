namespace CleanEventStore.Domain.Errors;

/// <summary>An <c>Idempotency-Key</c> was sent again with a different request.</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : EventStoreException(
        "idempotency-key-reused",
        $"Idempotency-Key \"{key}\" was already used for a different request. Use a new key for a new commit.")
{
    public string Key { get; } = key;
}
