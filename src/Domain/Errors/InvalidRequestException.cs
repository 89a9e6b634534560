namespace CleanEventStore.Domain.Errors;

/// <summary>Client input that is wrong in a way only visible past validation (for example a derived stream name).</summary>
public sealed class InvalidRequestException(string message, string? parameter = null)
    : EventStoreException("invalid-request", message)
{
    public string? Parameter { get; } = parameter;
}
