using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// Makes the schemas generated from the response types say what the API writes: the generator follows the application's
/// minimal-API JSON options (web defaults, which also read numbers from strings), while the store writes its DTOs with
/// its own source-generated context (<c>ApiJsonContext</c>: numbers as numbers, null members left out). So a number is
/// an integer or a number only, and a member that may be null is not required (it is absent when null).
/// </summary>
internal sealed class EventStoreSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property.Type is { } propertyType && propertyType.HasFlag(JsonSchemaType.Null))
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }
}
