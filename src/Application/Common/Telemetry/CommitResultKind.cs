namespace CleanEventStore.Application.Common.Telemetry;

/// <summary>The <c>ces.commit.result</c> tag of <c>ces.commits</c> and <c>ces.commit.duration</c>.</summary>
public enum CommitResultKind
{
    /// <summary>Durable.</summary>
    Ok,

    /// <summary>An idempotent retry answered with the first commit's result; nothing written.</summary>
    Duplicate,

    /// <summary>Wrong expected version or a failed DCB condition (409).</summary>
    Conflict,

    /// <summary>Refused for what it asks (a closed or read-only stream, a reused key, too large, an invalid name).</summary>
    Rejected,

    /// <summary>Failed: storage unavailable, cancelled, or an unexpected exception.</summary>
    Error,
}
