using CleanEventStore.Api.Responses;

namespace CleanEventStore.Api.OpenApi;

/// <summary>The response headers the API sends, with what each means, for the document.</summary>
internal static class ResponseHeaders
{
    public const string Stream = StreamResponses.StreamHeader;
    public const string Version = StreamResponses.VersionHeader;
    public const string Selector = StreamResponses.SelectorHeader;
    public const string Category = StreamResponses.CategoryHeader;
    public const string QueryCondition = QueryResponses.ConditionHeader;
    public const string IdempotentReplayed = "Idempotent-Replayed";
    public const string RetryAfter = "Retry-After";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string Allow = "Allow";
    public const string CacheControl = "Cache-Control";

    public const string BackupPosition = Controllers.AdminController.BackupPositionHeader;
    public const string ContentDisposition = "Content-Disposition";

    public static string Describe(string name) => name switch
    {
        BackupPosition => "The global position P the backup stands for: it holds every event 1..P and nothing after.",
        ContentDisposition => "`attachment; filename=cleaneventstore-<P>-<UTC time>.tar`.",
        Stream => "The stream read (`_all` for the log).",
        Version => "The version of the stream when the read started (for `_all`, joins and categories: the length of the log).",
        Selector => "The join's selector as compact JSON (`[\"orders-1\",\"orders-2\"]`).",
        Category => "The category read.",
        QueryCondition =>
            "The DCB condition that protects a decision taken on these events: compact ASCII JSON " +
            "`{\"selector\":…,\"noneMatchAfter\":N,\"matcher\":…}` (non-ASCII as `\\uXXXX`). Send it back unchanged as the " +
            "`condition` of the commit that acts on the decision.",
        IdempotentReplayed => "`true` when the commit is a retry of an earlier one with the same `Idempotency-Key`: the first result, nothing written.",
        RetryAfter => "Seconds to wait before retrying.",
        WwwAuthenticate => "`Bearer`, with `error=\"invalid_token\"` and the reason when a credential was refused.",
        Allow => "The methods the route takes.",
        CacheControl => "`no-store`.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a response header of the API."),
    };
}
