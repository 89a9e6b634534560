namespace CleanEventStore.Application.Common.Security;

/// <summary>The audit log: one log category for every audited action and refused request (see <see cref="AuditBehavior{TMessage, TResponse}"/>).</summary>
public static class AuditLog
{
    public const string Category = "CleanEventStore.Audit";
}
