namespace CleanEventStore.Application.Common.Validation;

/// <summary>Cheap checks on compact JSON values produced by the Api (no parsing).</summary>
public static class JsonShape
{
    public static bool IsObject(ReadOnlySpan<byte> json) => json.Length >= 2 && json[0] == (byte)'{';

    public static bool IsNull(ReadOnlySpan<byte> json) => json.SequenceEqual("null"u8);

    public static bool IsString(ReadOnlySpan<byte> json) => json.Length >= 2 && json[0] == (byte)'"';
}
