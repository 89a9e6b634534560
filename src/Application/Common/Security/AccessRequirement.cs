namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// What a command or query needs from its caller's scopes, checked by <see cref="AuthorizationBehavior{TMessage, TResponse}"/>
/// before the handler runs. <see cref="HandlerChecks"/> marks the requests whose streams are only known to the handler
/// (a stream's kind, the leaves of a selector, a category's members, a consumer's stream): the handler then checks with
/// <see cref="AccessGuard"/>, and the behaviour only makes sure the request has a caller.
/// </summary>
public abstract record AccessRequirement(string What)
{
    /// <summary>Open to every caller, also without credentials (health).</summary>
    public static AccessRequirement Anyone { get; } = new AnyoneRequirement();

    public static AccessRequirement Query(string what) => new ScopeRequirement(Domain.Security.AccessScope.Query, what);

    public static AccessRequirement Admin(string what) => new ScopeRequirement(Domain.Security.AccessScope.Admin, what);

    /// <summary><c>write:&lt;stream&gt;</c>, and <c>query</c> too when the commit carries a DCB condition (which reads every stream).</summary>
    public static AccessRequirement Write(string stream, bool withCondition) => new WriteRequirement(stream, withCondition);

    public static AccessRequirement HandlerChecks(string what) => new HandlerRequirement(what);

    internal sealed record AnyoneRequirement() : AccessRequirement("anything");

    internal sealed record ScopeRequirement(string Scope, string Need) : AccessRequirement(Need);

    internal sealed record WriteRequirement(string Stream, bool WithCondition) : AccessRequirement($"a commit to \"{Stream}\"");

    internal sealed record HandlerRequirement(string Need) : AccessRequirement(Need);
}
