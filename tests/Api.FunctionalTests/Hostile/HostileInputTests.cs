using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>The hostile-input suite without authentication: every request is sent as it is.</summary>
public sealed class HostileInputTests(ITestOutputHelper output)
    : HostileInputSuite(output, [HeaderSet.None], FuzzSettings.DefaultRequests, new Dictionary<string, string>(), snapshotAuthorization: null);
