namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// A message whose outcome goes to the audit log (<see cref="AuditBehavior{TMessage, TResponse}"/>): the writes, closes,
/// stream creations and consumer changes. <see cref="AuditSubject"/> is what it acts on (a stream, a consumer); the
/// audit never records payloads.
/// </summary>
public interface IAudited
{
    string AuditSubject { get; }
}
