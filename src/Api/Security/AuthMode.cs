namespace CleanEventStore.Api.Security;

/// <summary>How callers authenticate (<c>Auth:Mode</c>): <c>None</c>, <c>ApiKey</c>, <c>Jwt</c>, or both (<c>ApiKey,Jwt</c>).</summary>
[Flags]
public enum AuthMode
{
    None = 0,
    ApiKey = 1,
    Jwt = 2,
}
