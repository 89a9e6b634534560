namespace CleanEventStore.Application.Common.Behaviors;

/// <summary>Keys set in <see cref="Exception.Data"/> as an exception travels outwards.</summary>
public static class ExceptionMarkers
{
    /// <summary>Set once the exception has been logged, so the Api does not log it again.</summary>
    public const string Logged = "eventstore.logged";
}
