using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.Follow;

/// <summary>The follow contract on the embedded engine.</summary>
[Collection(FollowCollection.Name)]
public sealed class FollowOnEmbeddedTests : FollowContractTests
{
    protected override Task<KestrelApiFactory> CreateFactoryAsync() => Task.FromResult(new KestrelApiFactory());
}
