using System.IO.Hashing;
using System.Text;
using CleanEventStore.Api.Routing;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.CloseStream;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.CreateStream;
using CleanEventStore.Application.Streams.GetStreamVersion;
using CleanEventStore.Application.Streams.ReadCategory;
using CleanEventStore.Application.Streams.ReadJoin;
using CleanEventStore.Application.Streams.ReadStream;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Reads the requests of the <c>/streams</c> routes into messages whose values are built and validated here: stream
/// names, the DCB condition, selectors and filters (through the Application's parsers). Route-level problems (the
/// path grammar, a repeated query parameter) are the controller's. Where a message needs a scope, the caller is refused
/// (403) before its values are built, in the order the pipeline's authorization used to give.
/// </summary>
public sealed class StreamRequests(RequestBody body, ISelectorParser selectors, IMatcherParser matchers, AccessGuard access)
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public async ValueTask<CommitEventsCommand> ReadCommitAsync(HttpRequest request, string stream, CancellationToken cancellationToken)
    {
        var bytes = await body.ReadJsonAsync(request, cancellationToken);
        return CommitRequestReader.Read(stream, bytes, IdempotencyToken(request, stream, bytes), selectors, matchers, access);
    }

    public async ValueTask<CreateStreamCommand> ReadCreateAsync(HttpRequest request, string stream, CancellationToken cancellationToken)
    {
        var bytes = await body.ReadJsonAsync(request, cancellationToken);
        return CreateStreamRequestReader.Read(stream, bytes, matchers, access);
    }

    public CloseStreamCommand Close(string stream)
    {
        access.Demand(CloseStreamCommand.Requirement);
        return new(RequestValues.Stream(stream, "stream", allowAll: false));
    }

    public static GetStreamVersionQuery Version(string stream) => new(RequestValues.Stream(stream, "stream", allowAll: true));

    public ReadStreamQuery Read(ReadPath read, string? filter, FollowRequest? follow = null) =>
        new(RequestValues.Stream(read.Name, "stream", allowAll: true), read.Window, FilterReader.Read(filter, matchers), follow);

    public ReadCategoryQuery ReadCategory(ReadPath read, string? filter, FollowRequest? follow = null) =>
        new(RequestValues.Stream(read.Name, "category", allowAll: false), read.Window, FilterReader.Read(filter, matchers), follow);

    public ReadJoinQuery ReadJoin(HttpRequest request, ReadWindow window, string? selector, string? filter, FollowRequest? follow = null) =>
        JoinRequestReader.Read(request.Query["streams"], selector, window, filter, selectors, matchers) with { Follow = follow };

    /// <summary>The <c>Idempotency-Key</c> with a hash of the stream and the body, so that a retry with another body is told apart.</summary>
    private static IdempotencyToken? IdempotencyToken(HttpRequest request, string stream, byte[] bytes)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(stream));
        hash.Append([0]);
        hash.Append(bytes);
        return new IdempotencyToken(values.ToString(), hash.GetCurrentHashAsUInt128());
    }
}
