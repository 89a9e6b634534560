namespace CleanEventStore.Api.Contracts;

public sealed record ConsumerListItem(string Identifier, string Stream, string Status);
