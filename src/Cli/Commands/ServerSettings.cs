using System.ComponentModel;
using CleanEventStore.Client;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CleanEventStore.Cli.Commands;

/// <summary>The options every command that talks to a server has: where it is and how to authenticate.</summary>
public class ServerSettings : CommandSettings
{
    /// <summary>The server used when neither <c>--server</c> nor <c>CES_SERVER</c> is given: where <c>dotnet run --project src/Api</c> listens.</summary>
    public const string DefaultServer = "http://127.0.0.1:3000";

    [CommandOption("--server <URL>")]
    [Description("The server's address, with its path prefix if mounted under one. Default: $CES_SERVER, else " + DefaultServer + ".")]
    public string? Server { get; set; }

    [CommandOption("--api-key <KEY>")]
    [Description("An API key, sent as X-Api-Key. Default: $CES_API_KEY.")]
    public string? ApiKey { get; set; }

    public override ValidationResult Validate()
    {
        if (Server is not null && !IsHttpUri(Server))
        {
            return ValidationResult.Error($"--server must be an absolute http or https URL, not \"{Server}\".");
        }

        return ValidationResult.Success();
    }

    /// <summary>The client of the server these settings name (the client's own retries of idempotent calls).</summary>
    internal ServiceProvider CreateClient(CliEnvironment environment, out EventStoreClient client)
    {
        var server = Server ?? environment.GetEnvironmentVariable("CES_SERVER") ?? DefaultServer;
        if (!IsHttpUri(server))
        {
            throw CliException.Usage($"CES_SERVER must be an absolute http or https URL, not \"{server}\".");
        }

        var apiKey = ApiKey ?? environment.GetEnvironmentVariable("CES_API_KEY");
        var services = new ServiceCollection();
        services.AddCleanEventStoreClient(options =>
        {
            options.BaseAddress = new Uri(server);
            options.ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        });
        var provider = services.BuildServiceProvider();
        client = provider.GetRequiredService<EventStoreClient>();
        return provider;
    }

    /// <summary>The server's address as the command uses it (for messages and the import checkpoint).</summary>
    internal string ResolveServer(CliEnvironment environment) => Server ?? environment.GetEnvironmentVariable("CES_SERVER") ?? DefaultServer;

    private static bool IsHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
