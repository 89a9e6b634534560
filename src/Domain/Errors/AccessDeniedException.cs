namespace CleanEventStore.Domain.Errors;

/// <summary>
/// The caller is authenticated but its scopes do not allow the request (403). The message names the scope that is
/// missing and what needed it; <see cref="Scope"/> is that scope, as it would be written in the configuration.
/// </summary>
public sealed class AccessDeniedException(string scope, string need)
    : EventStoreException("forbidden", $"This request needs the scope \"{scope}\" ({need}), which the caller does not have.")
{
    public string Scope { get; } = scope;
}
