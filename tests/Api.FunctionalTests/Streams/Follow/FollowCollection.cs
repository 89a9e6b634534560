namespace CleanEventStore.Api.FunctionalTests.Streams.Follow;

/// <summary>
/// The follow contract classes run alone, after every parallel test class of the assembly: the slow-follower test
/// measures the live memory of this process (which hosts the server), and other tests running beside it would add
/// their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FollowCollection
{
    public const string Name = "Follow (measures the process's memory)";
}
