using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Results;

/// <summary>
/// A JSON response serialized with a source-generated contract straight to bytes, with a Content-Length: no output
/// formatter selection, no content negotiation (the Api only speaks JSON and NDJSON).
/// </summary>
public static class JsonBody
{
    public static IActionResult Of<T>(int statusCode, T value, JsonTypeInfo<T> contract) =>
        new RawJsonResult(statusCode, JsonSerializer.SerializeToUtf8Bytes(value, contract));
}
