using CleanEventStore.Application.Common.Exceptions;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Builds the Domain values of a message from raw request input, with the wire protocol's messages: a bad value is a
/// 400 validation problem keyed by <c>label</c>, exactly as the FluentValidation rules that used to check it gave.
/// </summary>
public static class RequestValues
{
    /// <summary>A stream name (<c>_all</c> only when <paramref name="allowAll"/>).</summary>
    public static StreamName Stream(string value, string label, bool allowAll) =>
        StreamName.TryParse(value, label, allowAll, out var name, out var error) ? name : throw Invalid(label, error!);

    /// <summary>The name of a write stream a client creates or appends to: a valid name, not under <c>tags/</c>, not reserved.</summary>
    public static StreamName WriteStream(string value, string label)
    {
        if (!StreamName.TryParse(value, label, allowAll: false, out var name, out var error))
        {
            throw Invalid(label, error!);
        }

        return StreamNamespace.RefuseWriteStreamName(value, label) is { } refused ? throw Invalid(label, refused) : name;
    }

    /// <summary>A consumer identifier.</summary>
    public static ConsumerId Consumer(string value) =>
        ConsumerId.TryParse(value, out var id) ? id : throw Invalid("identifier", ConsumerId.Validate(value)!);

    private static RequestValidationException Invalid(string label, string message) => new(label, message);
}
