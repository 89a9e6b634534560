namespace CleanEventStore.Application.Consumers.Common;

/// <summary>The client-facing messages of the consumer routes (the wire protocol's texts where it has one).</summary>
public static class ConsumerMessages
{
    public const string PayloadNotObject = "Consumer payload must be a JSON object.";
    public const string HandlerMissing = "Consumer payload must include a \"handler\" function string.";
    public const string HandlerInvalid = "handler must be a valid JavaScript function.";
    public const string StateNotObject = "Consumer state must be a JSON object.";
    public const string StateUnpairedSurrogate = "Consumer state must not hold an unpaired surrogate escape (such as \"\\ud800\").";
    public const string FromNotPositive = "from must be a positive integer.";
    public const string MinVersionNotPositive = "minVersion must be a positive integer.";

    public static readonly string HandlerTooLarge = $"handler must not be larger than {ConsumerLimits.MaxHandlerBytes} bytes (UTF-8).";
}
