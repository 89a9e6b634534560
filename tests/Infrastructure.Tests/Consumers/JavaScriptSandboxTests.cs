using System.Text;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

public sealed class JavaScriptSandboxTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("{\"stream\":\"s\",\"payload\":{\"n\":2},\"metadata\":{}}");

    /// <summary>Default limits but the time limit, which is out of reach: no test here but the time-limit test can end on the clock.</summary>
    private readonly JavaScriptSandbox _sandbox = Sandbox(SandboxLimits.Counted());

    [Fact]
    public void TryApply_FoldsTheDocumentIntoTheState()
    {
        Assert.True(_sandbox.TryCompile("(event, state) => ({ sum: (state.sum || 0) + event.payload.n, stream: event.stream })", out var handler, out _));
        using (handler)
        {
            Assert.True(handler.TryApply(Document, "{\"sum\":40}", out var state, out var error));

            Assert.Equal("{\"sum\":42,\"stream\":\"s\"}", state);
            Assert.Null(error);
        }
    }

    [Fact]
    public void TryApply_UndefinedResult_LeavesTheStateAndIgnoresMutations()
    {
        Assert.True(_sandbox.TryCompile("function (event, state) { state.changed = true; }", out var handler, out _));
        using (handler)
        {
            Assert.True(handler.TryApply(Document, "{}", out var state, out _));

            Assert.Null(state);
        }
    }

    [Theory]
    [InlineData("(event, state) => {")]
    [InlineData("42")]
    [InlineData("({})")]
    [InlineData("undefined")]
    [InlineData("(function () { throw new Error('no'); })()")]
    public void TryCompile_NotAFunction_Fails(string source)
    {
        var compiled = _sandbox.TryCompile(source, out var handler, out var error);

        Assert.False(compiled);
        Assert.Null(handler);
        Assert.False(string.IsNullOrEmpty(error));
    }

    /// <summary>Evaluating the source is limited like a call: a top-level endless loop ends on the statement limit instead of hanging.</summary>
    [Theory]
    [InlineData("(function () { while (true) {} })()")]
    [InlineData("x => x); while (true) {} (1")]
    public void TryCompile_EndlessLoop_FailsOnTheStatementLimit(string source)
    {
        var compiled = Sandbox(SandboxLimits.StatementsOnly()).TryCompile(source, out var handler, out var error);

        Assert.False(compiled);
        Assert.Null(handler);
        Assert.Equal("the handler exceeded the limit of 1000000 statements per event.", error);
    }

    /// <summary>Each row can only hit the limit it tests (<see cref="SandboxLimits.Only"/>); the error names it exactly.</summary>
    [Theory]
    [InlineData("statements", "(e, s) => { while (true) {} }", "the handler exceeded the limit of 1000000 statements per event.")]
    [InlineData("recursion", "(e, s) => { function f(n) { return f(n + 1) + 1; } return f(0); }", "the handler exceeded the recursion limit of 256 calls.")]
    [InlineData("memory", "(e, s) => { var a = []; while (true) { a.push(new Array(100000).fill(1)); } }", "the handler exceeded the memory limit of 67108864 bytes per event.")]
    [InlineData("time", "(e, s) => { while (true) {} }", "the handler exceeded the time limit of 200 ms per event.")]
    public void TryApply_Limit_ReportsThatLimit(string limit, string source, string expected)
    {
        Assert.True(Sandbox(SandboxLimits.Only(limit)).TryCompile(source, out var handler, out _));
        using (handler)
        {
            Assert.False(handler.TryApply(Document, "{}", out var state, out var error));

            Assert.Null(state);
            Assert.Equal(expected, error);
        }
    }

    [Theory]
    [InlineData("(e, s) => { throw new Error('boom'); }", "boom")]
    [InlineData("(e, s) => { var o = {}; o.self = o; return o; }", "Cyclic")]
    [InlineData("(e, s) => () => 1", "JSON-serializable")]
    [InlineData("(e, s) => { var d = {}; for (var i = 0; i < 600; i++) { d = { d: d }; } return d; }", "nested deeper")]
    public void TryApply_Throw_ReportsTheError(string source, string expected)
    {
        Assert.True(_sandbox.TryCompile(source, out var handler, out _));
        using (handler)
        {
            Assert.False(handler.TryApply(Document, "{}", out var state, out var error));

            Assert.Null(state);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryApply_AfterALimit_TheNextCallWorks()
    {
        Assert.True(Sandbox(SandboxLimits.StatementsOnly()).TryCompile("(e, s) => { if (s.loop) { while (true) {} } return { ok: true }; }", out var handler, out _));
        using (handler)
        {
            Assert.False(handler.TryApply(Document, "{\"loop\":true}", out _, out var error));
            Assert.Equal("the handler exceeded the limit of 1000000 statements per event.", error);

            Assert.True(handler.TryApply(Document, "{}", out var state, out _));
            Assert.Equal("{\"ok\":true}", state);
        }
    }

    [Theory]
    [InlineData("(e, s) => ({ t: typeof System, c: typeof importNamespace, r: typeof require, p: typeof process })", "{\"t\":\"undefined\",\"c\":\"undefined\",\"r\":\"undefined\",\"p\":\"undefined\"}")]
    public void TryApply_HasNoAccessToDotNet(string source, string expected)
    {
        Assert.True(_sandbox.TryCompile(source, out var handler, out _));
        using (handler)
        {
            Assert.True(handler.TryApply(Document, "{}", out var state, out _));

            Assert.Equal(expected, state);
        }
    }

    [Fact]
    public void TryApply_StringCompilation_IsRefused()
    {
        Assert.True(_sandbox.TryCompile("(e, s) => ({ p: (function () { return this; }).constructor.constructor('return process')() })", out var handler, out _));
        using (handler)
        {
            Assert.False(handler.TryApply(Document, "{}", out _, out var error));

            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    private static JavaScriptSandbox Sandbox(ConsumerSandboxOptions options) => new(Options.Create(options));
}
