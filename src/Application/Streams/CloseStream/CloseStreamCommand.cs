using Mediator;

namespace CleanEventStore.Application.Streams.CloseStream;

/// <summary>Seal a stream: it stays readable, commits to it are refused.</summary>
public sealed record CloseStreamCommand(string Stream) : ICommand<CloseStreamResult>;
