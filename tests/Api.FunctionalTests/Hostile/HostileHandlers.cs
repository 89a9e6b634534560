namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Consumer handler sources: working folds, functions that fail on every event (endless loops, recursion, throws,
/// results JSON cannot hold), sources that are not a function or do not parse, and sources at the size limit. The
/// sandbox limits of the suite's server (a low statement limit, a clock far away) end every endless loop quickly.
/// Catastrophic regular expressions are left out on purpose: only the sandbox's clock stops them, and the suite sets
/// it far away.
/// </summary>
public sealed class HostileHandlers(Random random)
{
    private static readonly string[] Working =
    [
        "(event, state) => ({ count: (state.count || 0) + 1 })",
        "(e, s) => s",
        "function (e, s) { return undefined; }",
        "(e, s) => { s.last = e.payload.type; s.v = e.metadata.streamVersion; return s; }",
        "(e, s) => ({ seen: (s.seen || []).concat([e.metadata.commitId]).slice(-20) })",
        "(function () { return function (e, s) { return s; }; })()",
        "e => ({ stream: e.stream })",
        "async (e, s) => s",
        "function* g(e, s) { yield s; }",
    ];

    private static readonly string[] Failing =
    [
        "(e, s) => { while (true) {} }",
        "(e, s) => { for (;;) { s.x = 1; } }",
        "function f(e, s) { return f(e, s); }",
        "(e, s) => { throw new Error('boom'); }",
        "(e, s) => { throw 1; }",
        "(e, s) => { throw { toString() { while (true) {} } }; }",
        "(e, s) => { throw { get message() { while (true) {} } }; }",
        "(e, s) => { const o = {}; o.self = o; return o; }",
        "(e, s) => 1n",
        "(e, s) => () => 1",
        "(e, s) => Symbol()",
        "(e, s) => ({ toJSON() { while (true) {} } })",
        "(e, s) => { const a = []; for (let i = 0; i < 1e9; i++) a.push(i); return s; }",
        "(e, s) => ({ deep: JSON.parse('['.repeat(600) + ']'.repeat(600)) })",
        "(e, s) => { let o = {}; for (let i = 0; i < 600; i++) o = { o }; return o; }",
        "(e, s) => 'x'.repeat(10000)",
        "(e, s) => null",
        "(e, s) => 42",
        "(e, s) => [1, 2]",
        "(e, s) => { s.__proto__.polluted = 1; return s; }",
        "(e, s) => { Object.prototype.toJSON = () => ({ hacked: true }); return s; }",
        "(e, s) => { JSON.stringify = () => 'x'; return s; }",
        "(e, s) => eval('1')",
        "(e, s) => new Function('return 1')()",
        "(e, s) => importScripts",
        "(e, s) => ({ v: e.payload.n * 1e308 * 10, z: -0, n: NaN })",
        "(e, s) => { s['\\ud800'] = '\\udfff'; return s; }",
        "(e, s) => ({ k: '\\u0000\\n\\u2028' })",
        "(e, s) => { return { [e.payload.type]: s }; }",
        "class A {}",
    ];

    private static readonly string[] NotFunctions =
    [
        "", " ", "(e, s) =>", "function(", "}{", "1", "'x'", "{}", "null", "[]", "undefined", "x", "this", "globalThis",
        "(() => { while (true) {} })()", "/(a+)+$/", "\u0000", "-->", "<!--", "(e, s) => s), (function () { while (true) {} })(",
        "(e, s) => s) + (1", "\ud800", "function () { 'use strict'; return arguments.callee; }()",
    ];

    /// <summary>A handler source.</summary>
    public string Source() => random.Weighted(
        (6, () => random.Pick(Working)),
        (6, () => random.Pick(Failing)),
        (4, () => random.Pick(NotFunctions)),
        (1, () => "(e, s) => s /*" + new string('x', random.OneOf(1000, 60_000, 65_600, 70_000)) + "*/"),
        (1, () => "(e, s) => " + new string('(', random.OneOf(100, 1000, 10_000)) + "s" + new string(')', random.OneOf(100, 1000, 10_000))),
        (1, () => "(e, s) => " + new string('[', random.OneOf(1000, 10_000)) + new string(']', random.OneOf(1000, 10_000))),
        (1, () => "(e, s) => s" + new string('\n', random.Next(1000, 30_000))));
}
