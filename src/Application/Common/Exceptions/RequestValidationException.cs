namespace CleanEventStore.Application.Common.Exceptions;

/// <summary>A message failed validation. <see cref="Errors"/> holds the messages per property (RFC 9457 <c>errors</c>).</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(FirstMessage(errors)) => Errors = errors;

    public RequestValidationException(string property, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [property] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string FirstMessage(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var pair in errors)
        {
            if (pair.Value.Length > 0)
            {
                return pair.Value[0];
            }
        }

        return "One or more validation errors occurred.";
    }
}
