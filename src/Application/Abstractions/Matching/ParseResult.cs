namespace CleanEventStore.Application.Abstractions.Matching;

/// <summary>A parsed value, or the client-facing error message that says what is wrong with the input.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Error)
    where T : class
{
    public bool Succeeded => Error is null;

    public static ParseResult<T> Ok(T value) => new(value, null);

    public static ParseResult<T> Fail(string error) => new(null, error);
}
