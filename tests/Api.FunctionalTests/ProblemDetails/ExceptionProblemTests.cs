using System.Data.Common;
using System.Runtime.CompilerServices;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.FunctionalTests.ProblemDetails;

/// <summary>
/// The one exception-to-problem mapping: every error of the store has its own arm (none falls through to a 500), and
/// each arm gives the status, code, members and Retry-After that the functional tests expect over HTTP.
/// </summary>
public sealed class ExceptionProblemTests
{
    public static TheoryData<Type> StoreErrors()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(EventStoreException).Assembly.GetTypes()
                     .Where(type => type.IsSubclassOf(typeof(EventStoreException)) && !type.IsAbstract)
                     .OrderBy(type => type.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StoreErrors))]
    public void EveryStoreError_HasItsOwnArm_AndIsNeverA500(Type errorType)
    {
        // Bypasses the constructor: the arm is chosen by type, whatever the members hold.
        var error = (EventStoreException)RuntimeHelpers.GetUninitializedObject(errorType);

        var problem = ExceptionProblem.For(error, development: false);

        Assert.InRange(problem.Details.Status!.Value, 400, 503);
        Assert.NotEqual(500, problem.Details.Status);
    }

    [Fact]
    public void WrongExpectedVersion_Is409_WithTheStreamAndBothVersions()
    {
        var problem = ExceptionProblem.For(new WrongExpectedVersionException("orders-1", 0, 1), development: false);

        Assert.Equal(409, problem.Details.Status);
        Assert.Equal("orders-1", problem.Details.Extensions["stream"]);
        Assert.Equal(0L, problem.Details.Extensions["expectedVersion"]);
        Assert.Equal(1L, problem.Details.Extensions["actualVersion"]);
        Assert.Equal(problem.Details.Detail, problem.Details.Extensions["error"]);
        Assert.Null(problem.RetryAfter);
    }

    [Fact]
    public void StreamReadOnly_NamesTheKindInLowerCase()
    {
        var problem = ExceptionProblem.For(new StreamReadOnlyException("OrderPlaced", StreamKind.Type, "read-only"), development: false);

        Assert.Equal(409, problem.Details.Status);
        Assert.Equal("type", problem.Details.Extensions["kind"]);
    }

    [Fact]
    public void TooManyRequests_CarriesItsRetryAfter_AndServerStopping_RetriesAfterOneSecond()
    {
        var tooMany = ExceptionProblem.For(new TooManyRequestsException("slow down", 7), development: false);
        var stopping = ExceptionProblem.For(new ServerStoppingException(), development: false);

        Assert.Equal((429, "7"), (tooMany.Details.Status, tooMany.RetryAfter));
        Assert.Equal((503, "1"), (stopping.Details.Status, stopping.RetryAfter));
    }

    [Fact]
    public void TransientDatabaseError_Is503RetryAfterOneSecond_WithoutItsMessage_AndAPermanentOneIs500()
    {
        var transient = ExceptionProblem.For(new DatabaseError("connection to db.internal:5432 refused", transient: true), development: false);
        var permanent = ExceptionProblem.For(new DatabaseError("syntax error at or near", transient: false), development: false);

        Assert.Equal((503, "1"), (transient.Details.Status, transient.RetryAfter));
        Assert.Equal("storage-unavailable", transient.Details.Extensions["code"]);
        Assert.DoesNotContain("db.internal", transient.Details.Detail, StringComparison.Ordinal);
        Assert.Equal(500, permanent.Details.Status);
    }

    [Fact]
    public void InvalidRequest_NamesItsParameter_OnlyWhenItHasOne()
    {
        var with = ExceptionProblem.For(new InvalidRequestException("bad from", "from"), development: false);
        var without = ExceptionProblem.For(new InvalidRequestException("bad body"), development: false);

        Assert.Equal("from", with.Details.Extensions["parameter"]);
        Assert.False(without.Details.Extensions.ContainsKey("parameter"));
    }

    [Fact]
    public void AnUnexpectedException_Is500_AndHidesItsMessageOutsideDevelopment()
    {
        var hidden = ExceptionProblem.For(new InvalidOperationException("secret detail"), development: false);
        var shown = ExceptionProblem.For(new InvalidOperationException("secret detail"), development: true);

        Assert.Equal(500, hidden.Details.Status);
        Assert.DoesNotContain("secret", hidden.Details.Detail, StringComparison.Ordinal);
        Assert.Equal("secret detail", shown.Details.Detail);
        Assert.Equal("internal-error", shown.Details.Extensions["code"]);
    }

    private sealed class DatabaseError(string message, bool transient) : DbException(message)
    {
        public override bool IsTransient => transient;
    }
}
