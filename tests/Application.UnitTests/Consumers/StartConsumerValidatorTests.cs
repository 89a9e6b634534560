using CleanEventStore.Application.Consumers.StartConsumer;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class StartConsumerValidatorTests
{
    private const string Handler = "(event, state) => state";
    private readonly StartConsumerValidator _validator = new();

    [Fact]
    public void Validate_GoodCommand_IsValid()
    {
        var result = _validator.Validate(Command("orders-reader_1", "orders/eu", Handler, "{\"count\":0}"));

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("reader", "orders-1", null, null, "Consumer payload must include a \"handler\" function string.")]
    [InlineData("reader", "orders-1", " ", null, "Consumer payload must include a \"handler\" function string.")]
    [InlineData("reader", "orders-1", Handler, "[]", "Consumer state must be a JSON object.")]
    [InlineData("reader", "orders-1", Handler, "null", "Consumer state must be a JSON object.")]
    [InlineData("reader", "orders-1", Handler, "\"s\"", "Consumer state must be a JSON object.")]
    public void Validate_BadInput_ReportsTheProblem(string id, string stream, string? handler, string? state, string message)
    {
        var result = _validator.Validate(Command(id, stream, handler, state));

        Assert.False(result.IsValid);
        Assert.Equal(message, result.Errors[0].ErrorMessage);
    }

    [Fact]
    public void Validate_StateNesting_AllowsExactly64Levels()
    {
        var deepest = "{\"a\":" + new string('[', 63) + new string(']', 63) + "}";
        var tooDeep = "{\"a\":" + new string('[', 64) + new string(']', 64) + "}";

        Assert.True(_validator.Validate(Command("r", "s", Handler, deepest)).IsValid);
        Assert.Equal("Consumer state must be a JSON object.", _validator.Validate(Command("r", "s", Handler, tooDeep)).Errors[0].ErrorMessage);
    }

    [Fact]
    public void Validate_HandlerOver64KiBOfUtf8_IsRejected()
    {
        var fits = "(e, s) => s//" + new string('x', (64 * 1024) - 13);
        var tooLarge = "(e, s) => s//" + new string('é', 32 * 1024);

        Assert.True(_validator.Validate(Command("r", "s", fits, null)).IsValid);
        Assert.Equal("handler must not be larger than 65536 bytes (UTF-8).", _validator.Validate(Command("r", "s", tooLarge, null)).Errors[0].ErrorMessage);
    }

    private static StartConsumerCommand Command(string id, string stream, string? handler, string? state) =>
        new(ConsumerId.Parse(id), StreamName.Parse(stream, allowAll: true), 0, handler, state);
}
