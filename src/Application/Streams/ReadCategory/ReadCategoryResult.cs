using CleanEventStore.Application.Streams.Common;

namespace CleanEventStore.Application.Streams.ReadCategory;

public sealed record ReadCategoryResult(string Category, long Version, EventFeed Events, EventFollow? Follow = null);
