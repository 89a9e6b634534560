using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>Describes each of the store's operations from <see cref="EventStoreOperations"/>.</summary>
internal sealed class EventStoreOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return EventStoreOperations.DescribeAsync(new OperationDescriber(operation, context), context.Description, cancellationToken);
    }
}
