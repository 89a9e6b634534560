using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class CommitEventsValidatorTests
{
    private static readonly CommitEventsValidator Validator = new();

    private static CommitEventsCommand Command(string[]? events = null, string metadata = "", string? key = null) => new(
        StreamName.Parse("orders-1"),
        [.. (events ?? ["{\"type\":\"A\"}"]).Select(e => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(e))],
        Encoding.UTF8.GetBytes(metadata),
        ExpectedVersion.Any,
        null,
        key is null ? null : new IdempotencyToken(key, 1));

    private static string? FirstError(CommitEventsCommand command) => Validator.Validate(command).Errors.FirstOrDefault()?.ErrorMessage;

    [Fact]
    public void Validate_WellFormedCommit_Passes()
    {
        Assert.True(Validator.Validate(Command(metadata: "{\"requestId\":\"r\"}", key: "abc-123")).IsValid);
    }

    [Fact]
    public void Validate_NoEvents_UsesTheProtocolMessage()
    {
        Assert.Equal("Commit payload must include a non-empty events array.", FirstError(Command(events: [])));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void Validate_EventThatIsNotAnObject_IsNamed(string json)
    {
        Assert.Equal("events[1] must be a JSON object.", FirstError(Command(events: ["{}", json])));
    }

    [Theory]
    [InlineData("commitId")]
    [InlineData("committedAt")]
    [InlineData("commitVersion")]
    [InlineData("commitSize")]
    [InlineData("streamVersion")]
    [InlineData("position")]
    public void Validate_ReservedMetadataKey_IsRefused(string key)
    {
        var error = FirstError(Command(metadata: $"{{\"a\":1,\"{key}\":0}}"));

        Assert.StartsWith($"metadata must not set \"{key}\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MetadataThatIsNotAnObject_IsRefused_ButNullIsNoMetadata()
    {
        Assert.Equal("metadata must be a JSON object.", FirstError(Command(metadata: "[1]")));
        Assert.True(Validator.Validate(Command(metadata: "null")).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    public void Validate_BadIdempotencyKey_IsRefused(string key)
    {
        Assert.StartsWith("Idempotency-Key must be", FirstError(Command(key: key)), StringComparison.Ordinal);
    }
}
