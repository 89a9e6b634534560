using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// Checks the current caller's scopes and refuses with <see cref="AccessDeniedException"/> (403, naming the missing
/// scope). Used by <see cref="AuthorizationBehavior{TMessage, TResponse}"/> for what a message declares, and by the
/// handlers for what only they know: the kind of a stream, the leaves of a selector, the members of a category.
/// A request that touches anything outside the scopes is refused whole, never answered in part.
/// </summary>
/// <remarks>
/// <c>query</c> grants reading every stream, since <c>_all</c> holds every event: a caller with it (or <c>admin</c>) is
/// never refused a read, and costs no lookup. Only a caller limited to <c>read:&lt;pattern&gt;</c> scopes has the kind of a
/// stream looked up, because a type, tag or matcher stream whose name its pattern covers still holds events of any
/// stream.
/// </remarks>
public sealed partial class AccessGuard(ICallerContext callers, IEventStore store, ILoggerFactory loggers, EventStoreTelemetry? telemetry = null)
{
    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);

    public Caller Caller => callers.Current;

    /// <summary>Reading <paramref name="stream"/> (its events or its version): see <see cref="DemandRead"/>.</summary>
    public async ValueTask DemandReadAsync(StreamName stream, CancellationToken cancellationToken)
    {
        if (Caller.HasQuery)
        {
            return;
        }

        var kind = stream.IsAll ? StreamKind.All : (await store.GetStreamAsync(stream, cancellationToken))?.Kind;
        DemandRead(stream, kind);
    }

    /// <summary>Reading every stream of <paramref name="streams"/> (the leaves of a join's selector).</summary>
    public async ValueTask DemandReadAllAsync(IEnumerable<StreamName> streams, CancellationToken cancellationToken)
    {
        if (Caller.HasQuery)
        {
            return;
        }

        foreach (var stream in streams)
        {
            await DemandReadAsync(stream, cancellationToken);
        }
    }

    /// <summary>
    /// Reading the category <paramref name="category"/>: the caller must be able to read every stream <c>category-…</c> and
    /// <c>category/…</c>, and, without <c>query</c>, no member may be a derived stream.
    /// </summary>
    public async ValueTask DemandCategoryAsync(string category, CancellationToken cancellationToken)
    {
        if (Caller.HasQuery)
        {
            return;
        }

        DemandCategory(category);
        await foreach (var stream in store.ListStreamsAsync(cancellationToken))
        {
            var name = stream.Name.Value;
            if (stream.Kind != StreamKind.Write
                && name.Length > category.Length
                && name[category.Length] is '-' or '/'
                && name.StartsWith(category, StringComparison.Ordinal))
            {
                DemandQuery($"a read of the category \"{category}\", which holds \"{name}\", {StreamNamespace.Describe(stream.Kind)} with events of any stream");
            }
        }
    }

    /// <summary>
    /// What a message declares (<see cref="AuthorizationBehavior{TMessage, TResponse}"/>). The Api also demands it before
    /// it builds a message's values from a request whose requirement is a scope, so that a caller without the scope is
    /// refused (403) before any problem of its input is reported. <see cref="AccessRequirement.HandlerChecks"/> and
    /// <see cref="AccessRequirement.Anyone"/> demand nothing here.
    /// </summary>
    public void Demand(AccessRequirement requirement)
    {
        switch (requirement)
        {
            case AccessRequirement.ScopeRequirement { Scope: AccessScope.Query } query:
                DemandQuery(query.Need);
                break;
            case AccessRequirement.ScopeRequirement admin:
                DemandAdmin(admin.Need);
                break;
            case AccessRequirement.WriteRequirement write:
                DemandWrite(write.Stream);
                if (write.WithCondition)
                {
                    DemandQuery("a DCB condition, which is checked against every stream");
                }

                break;
        }
    }

    public void DemandQuery(string need) => Demand(Caller.HasQuery, AccessScope.Query, need);

    public void DemandAdmin(string need) => Demand(Caller.IsAdmin, AccessScope.Admin, need);

    public void DemandConsumers(string need) => Demand(Caller.HasConsumers, AccessScope.Consumers, need);

    public void DemandWrite(string stream) => Demand(Caller.CanWrite(stream), "write:" + stream, $"a commit to \"{stream}\"");

    /// <summary>
    /// Reading <paramref name="stream"/> (events or version), which exists with <paramref name="kind"/> or not at all
    /// (null): a write stream, or a name that does not exist, needs <c>read:&lt;stream&gt;</c>; the global log and the
    /// derived streams (type, tag, matcher), which hold events of any stream, need <c>query</c>.
    /// </summary>
    public void DemandRead(StreamName stream, StreamKind? kind)
    {
        if (stream.IsAll || kind == StreamKind.All)
        {
            DemandQuery("a read of _all, the whole log");
        }
        else if (kind is null or StreamKind.Write)
        {
            Demand(Caller.CanRead(stream.Value), "read:" + stream.Value, $"a read of \"{stream.Value}\"");
        }
        else
        {
            DemandQuery($"a read of \"{stream.Value}\", {StreamNamespace.Describe(kind.Value)} with events of any stream");
        }
    }

    /// <summary>The names of a category <paramref name="category"/>: the caller must be able to read every stream <c>category-…</c> and <c>category/…</c>.</summary>
    public void DemandCategory(string category) =>
        Demand(
            Caller.CanReadEveryNameStartingWith(category + "-") && Caller.CanReadEveryNameStartingWith(category + "/"),
            $"read:{category}-* and read:{category}/*",
            $"a read of the category \"{category}\", which holds every stream \"{category}-…\" and \"{category}/…\"");

    private void Demand(bool allowed, string scope, string need)
    {
        if (!allowed)
        {
            LogRefused(_audit, Caller.Name, need, scope);
            telemetry?.Refused(authenticated: true);
            throw new AccessDeniedException(scope, need);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Caller} {Need}: forbidden, needs {Scope}")]
    private static partial void LogRefused(ILogger logger, string caller, string need, string scope);
}
