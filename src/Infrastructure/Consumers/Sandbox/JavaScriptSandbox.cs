using System.Diagnostics.CodeAnalysis;
using CleanEventStore.Application.Consumers.Common;
using Jint;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Consumers.Sandbox;

/// <summary>
/// Compiles handler sources into <see cref="JavaScriptHandler"/>s, each with its own Jint engine: no CLR access, no
/// <c>eval</c>/<c>Function</c> from strings, and limits on statements, time, memory and recursion for every call
/// (including the evaluation of the source itself, so a top-level endless loop fails instead of hanging).
/// </summary>
internal sealed class JavaScriptSandbox(IOptions<ConsumerSandboxOptions> options)
{
    /// <summary>Wraps the user's function: runs it and serialises a non-undefined result with the original JSON.stringify.</summary>
    private const string WrapperSource =
        """
        (function () {
            var stringify = JSON.stringify;
            var parse = JSON.parse;
            return function (handler) {
                return function (event, state) {
                    var result = handler(parse(event), parse(state));
                    if (result === undefined) {
                        return undefined;
                    }

                    var json = stringify(result);
                    if (typeof json !== 'string') {
                        throw new TypeError('the handler returned a value that is not JSON-serializable');
                    }

                    return json;
                };
            };
        })()
        """;

    private const int MaxJsonDepth = ConsumerLimits.MaxHandlerStateDepth;

    private readonly ConsumerSandboxOptions _options = options.Value;

    public ConsumerSandboxOptions Limits => _options;

    /// <summary>
    /// Evaluates <paramref name="source"/> in a fresh engine; succeeds when it evaluates to a function within the
    /// limits. <paramref name="error"/> says why it did not.
    /// </summary>
    public bool TryCompile(string source, [NotNullWhen(true)] out JavaScriptHandler? handler, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        var engine = CreateEngine();
        try
        {
            var factory = engine.Evaluate(WrapperSource);
            var function = engine.Evaluate("(" + source + "\n)");
            if (!function.IsCallable())
            {
                engine.Dispose();
                handler = null;
                error = "the source does not evaluate to a function.";
                return false;
            }

            var wrapped = engine.Invoke(factory, function);
            handler = new JavaScriptHandler(engine, wrapped, this);
            error = null;
            return true;
        }
#pragma warning disable CA1031 // Anything the user's code provokes is a compile failure of that code, not of the server.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            engine.Dispose();
            handler = null;
            error = Describe(exception);
            return false;
        }
    }

    /// <summary>A client-facing description of what went wrong in user code.</summary>
    public string Describe(Exception exception) => exception switch
    {
        StatementsCountOverflowException => $"the handler exceeded the limit of {_options.MaxStatements} statements per event.",
        System.Text.RegularExpressions.RegexMatchTimeoutException => $"a regular expression exceeded the time limit of {_options.TimeoutMs} ms.",
        TimeoutException => $"the handler exceeded the time limit of {_options.TimeoutMs} ms per event.",
        MemoryLimitExceededException => $"the handler exceeded the memory limit of {_options.MemoryLimitBytes} bytes per event.",
        RecursionDepthOverflowException => $"the handler exceeded the recursion limit of {_options.MaxRecursionDepth} calls.",
        InsufficientExecutionStackException => "the handler is nested too deeply.",
        JavaScriptException script => script.Message,
        _ => exception.Message,
    };

    private Engine CreateEngine() => new(engine =>
    {
        engine.MaxStatements(_options.MaxStatements);
        engine.TimeoutInterval(TimeSpan.FromMilliseconds(_options.TimeoutMs));
        engine.LimitMemory(_options.MemoryLimitBytes);
        engine.LimitRecursion(_options.MaxRecursionDepth);
        engine.RegexTimeoutInterval(TimeSpan.FromMilliseconds(_options.TimeoutMs));
        engine.MaxJsonParseDepth(MaxJsonDepth);
        engine.DisableStringCompilation();
        engine.Strict(false);
    });
}
