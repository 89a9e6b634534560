namespace CleanEventStore.Domain.Errors;

public sealed class CategoryNotFoundException(string category)
    : EventStoreException("category-not-found", $"No streams for category '{category}' exist.")
{
    public string Category { get; } = category;
}
