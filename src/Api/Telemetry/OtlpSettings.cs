using System.Globalization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace CleanEventStore.Api.Telemetry;

/// <summary>
/// The OTLP export, from <c>OpenTelemetry:Otlp:*</c>: <c>Endpoint</c> (none: no OTLP export and no tracing),
/// <c>Protocol</c> (<c>grpc</c>, the default, to a collector's port 4317; or <c>http/protobuf</c> to its port 4318,
/// where <c>/v1/metrics</c> and <c>/v1/traces</c> are appended to the endpoint as the standard variables do) and
/// <c>ExportIntervalMs</c> (how often metrics are pushed and spans are batched out; default 10,000).
/// </summary>
internal sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol, int ExportIntervalMs)
{
    public const int DefaultExportIntervalMs = 10_000;

    /// <summary>The settings, or null without an endpoint.</summary>
    /// <exception cref="OptionsValidationException">A value is malformed (the server then fails its start with exit code 2).</exception>
    public static OtlpSettings? From(IConfiguration configuration)
    {
        var endpoint = configuration["OpenTelemetry:Otlp:Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw Invalid($"OpenTelemetry:Otlp:Endpoint must be an absolute http or https URL, not \"{endpoint}\".");
        }

        var protocol = configuration["OpenTelemetry:Otlp:Protocol"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw Invalid($"OpenTelemetry:Otlp:Protocol must be grpc or http/protobuf, not \"{other}\"."),
        };
        var interval = DefaultExportIntervalMs;
        if (configuration["OpenTelemetry:Otlp:ExportIntervalMs"] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 100))
        {
            throw Invalid($"OpenTelemetry:Otlp:ExportIntervalMs must be a whole number of milliseconds, at least 100, not \"{text}\".");
        }

        return new OtlpSettings(uri, protocol, interval);
    }

    /// <summary>Points <paramref name="exporter"/> at the collector; <paramref name="signalPath"/> is appended for http/protobuf.</summary>
    public void Configure(OtlpExporterOptions exporter, string signalPath)
    {
        exporter.Protocol = Protocol;
        exporter.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.ToString().TrimEnd('/') + signalPath)
            : Endpoint;
    }

    private static OptionsValidationException Invalid(string message) =>
        new("OpenTelemetry:Otlp", typeof(OtlpSettings), [message]);
}
