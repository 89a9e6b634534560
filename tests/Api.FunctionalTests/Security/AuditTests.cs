using System.Collections.Concurrent;
using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>
/// The audit log (<c>CleanEventStore.Audit</c>, at Information): one event per write, close, stream creation and consumer
/// change and per refused request, naming the caller, the action, its subject and the result; never a payload or a key.
/// </summary>
public sealed class AuditTests : IDisposable
{
    private readonly SecuredApiFactory _factory = new("ApiKey");
    private readonly WebApplicationFactory<Program> _audited;
    private readonly Capture _capture = new();

    public AuditTests()
    {
        _factory.With("Logging:LogLevel:CleanEventStore.Audit", "Information");
        _audited = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_capture)));
    }

    public void Dispose()
    {
        _audited.Dispose();
        _factory.Dispose();
    }

    private HttpClient Client(string role)
    {
        var client = _audited.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", _factory.Credential(role));
        return client;
    }

    [Fact]
    public async Task Writes_AndRefusals_AreAuditedWithoutPayloadsOrKeys()
    {
        using var writer = Client("writer");
        using var admin = Client("admin");
        using var anonymous = _audited.CreateClient();
        var stream = $"orders-{Guid.NewGuid():N}";

        await writer.CommitAsync(stream, "{\"type\":\"T\",\"secret\":\"s3cr3t-payload\"}");
        var forbidden = await writer.PostAsync($"/streams/{stream}/close", null);
        var closed = await admin.PostAsync($"/streams/{stream}/close", null);
        var refusedCommit = await writer.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{\"type\":\"T\"}]}");
        var unauthorized = await anonymous.GetAsync("/streams");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refusedCommit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var audit = _capture.Lines.Where(l => l.Category == "CleanEventStore.Audit").Select(l => l.Message).ToList();
        Assert.Contains($"writer CommitEvents {stream}: ok", audit);
        Assert.Contains("writer closing a stream: forbidden, needs admin", audit);
        Assert.Contains($"admin CloseStream {stream}: ok", audit);
        Assert.Contains($"writer CommitEvents {stream}: stream-closed", audit);
        Assert.Contains("anonymous GET /streams: unauthorized, no credentials", audit);
        Assert.DoesNotContain(_capture.Lines, l => l.Message.Contains("s3cr3t-payload", StringComparison.Ordinal));
        Assert.DoesNotContain(_capture.Lines, l => l.Message.Contains(SecuredApiFactory.KeyOf("writer"), StringComparison.Ordinal));
    }

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue((category, formatter(state, exception)));
        }
    }
}
