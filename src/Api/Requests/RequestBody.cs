using System.Buffers;
using System.IO.Pipelines;
using System.Text.Unicode;
using CleanEventStore.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Reads a request body whole, refusing more than <c>MaxRequestBodyBytes</c> (413) and a missing or non-JSON media type
/// (415: a body is never taken for JSON without being declared as such).
/// </summary>
public sealed class RequestBody(IOptions<EventStoreOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    /// <summary>The body, or an empty array when there is none.</summary>
    public async ValueTask<byte[]> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > _limit)
        {
            throw TooLarge();
        }

        if (string.IsNullOrEmpty(request.ContentType))
        {
            throw new BadRequestException(
                StatusCodes.Status415UnsupportedMediaType,
                "The request has no Content-Type; send the JSON body with Content-Type: application/json.");
        }

        if (!IsJson(request.ContentType))
        {
            throw new BadRequestException(
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type \"{request.ContentType}\" is not supported; send application/json.");
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (BadHttpRequestException exception)
            {
                throw new BadRequestException(exception.StatusCode, exception.Message);
            }

            var buffer = result.Buffer;
            if (buffer.Length > _limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge();
            }

            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                if (!Utf8.IsValid(bytes))
                {
                    throw new BadRequestException(StatusCodes.Status400BadRequest, "The request body is not valid UTF-8.");
                }

                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private BadRequestException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {_limit} bytes (EventStore:MaxRequestBodyBytes).");
}
