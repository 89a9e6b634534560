namespace CleanEventStore.Api.Requests;

/// <summary>The request itself is unusable (malformed JSON, too large, wrong media type): mapped to its status.</summary>
public sealed class BadRequestException(int statusCode, string message, string? parameter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string? Parameter { get; } = parameter;
}
