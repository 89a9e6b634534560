using System.Text;
using CleanEventStore.Application.Consumers.Common;
using Jint;
using Jint.Native;

namespace CleanEventStore.Infrastructure.Consumers.Sandbox;

/// <summary>
/// One compiled handler with its own engine (not thread-safe: one consumer calls it sequentially). Each call gets
/// the stored document and the current state freshly parsed from JSON, so a handler that mutates its arguments
/// without returning them changes nothing.
/// </summary>
internal sealed class JavaScriptHandler : IDisposable
{
    private readonly Engine _engine;
    private readonly JsValue _function;
    private readonly JavaScriptSandbox _sandbox;

    internal JavaScriptHandler(Engine engine, JsValue function, JavaScriptSandbox sandbox)
    {
        _engine = engine;
        _function = function;
        _sandbox = sandbox;
    }

    /// <summary>
    /// Calls the handler with <paramref name="document"/> (UTF-8 JSON) and <paramref name="state"/> (JSON text).
    /// Returns true on success with <paramref name="newState"/> the compact JSON of the returned value, or null when
    /// the handler returned <c>undefined</c> (state unchanged); false with <paramref name="error"/> when it threw,
    /// exceeded a limit or returned something JSON cannot represent.
    /// </summary>
    public bool TryApply(ReadOnlySpan<byte> document, string state, out string? newState, out string? error)
    {
        try
        {
            var result = _engine.Invoke(_function, Encoding.UTF8.GetString(document), state);
            newState = result.IsUndefined() ? null : result.AsString();
            if (newState is not null && NestsDeeperThan(newState, ConsumerLimits.MaxHandlerStateDepth))
            {
                newState = null;
                error = $"the handler returned a state nested deeper than {ConsumerLimits.MaxHandlerStateDepth} levels.";
                return false;
            }

            if (newState is not null && ConsumerStateShape.HasUnpairedSurrogate(newState))
            {
                newState = null;
                error = "the handler returned a state with an unpaired surrogate (such as \"\\ud800\"), which cannot be written back as JSON.";
                return false;
            }

            error = null;
            return true;
        }
#pragma warning disable CA1031 // Whatever the user's code provokes faults that consumer, never the server.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            newState = null;
            error = _sandbox.Describe(exception);
            return false;
        }
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>Scans compact JSON text for its nesting depth (brackets inside strings do not count).</summary>
    internal static bool NestsDeeperThan(string json, int maxDepth)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                if (++depth > maxDepth)
                {
                    return true;
                }
            }
            else if (c is '}' or ']')
            {
                depth--;
            }
        }

        return false;
    }
}
