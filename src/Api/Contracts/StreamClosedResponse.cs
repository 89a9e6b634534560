namespace CleanEventStore.Api.Contracts;

public sealed record StreamClosedResponse(string Stream, bool Closed);
