namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>A clock that always says the same time, so that two providers write the same <c>committedAt</c>.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
