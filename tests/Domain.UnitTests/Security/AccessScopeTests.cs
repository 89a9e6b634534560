using CleanEventStore.Domain.Security;

namespace CleanEventStore.Domain.UnitTests.Security;

public sealed class AccessScopeTests
{
    [Theory]
    [InlineData("read:orders-1", AccessKind.Read, "orders-1")]
    [InlineData("write:orders-*", AccessKind.Write, "orders-*")]
    [InlineData("read:*", AccessKind.Read, "*")]
    [InlineData("query", AccessKind.Query, null)]
    [InlineData("consumers", AccessKind.Consumers, null)]
    [InlineData("admin", AccessKind.Admin, null)]
    public void TryParse_TheGrammar_IsAccepted(string text, AccessKind kind, string? pattern)
    {
        Assert.True(AccessScope.TryParse(text, out var scope, out var error), error);
        Assert.Equal(new AccessScope(kind, pattern), scope);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData("read:")]
    [InlineData("read:a*b*")]
    [InlineData("read:a b")]
    [InlineData("delete:x")]
    [InlineData("Admin")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_AnythingElse_IsRefusedWithAReason(string? text)
    {
        Assert.False(AccessScope.TryParse(text, out _, out var error));
        Assert.Contains("The scope", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders-*", "orders-1", true)]
    [InlineData("orders-*", "orders-", true)]
    [InlineData("orders-*", "orders/1", false)]
    [InlineData("orders-1", "orders-1", true)]
    [InlineData("orders-1", "orders-10", false)]
    [InlineData("*", "anything", true)]
    public void Covers_IsAnExactNameOrAPrefix(string pattern, string stream, bool covers)
    {
        Assert.Equal(covers, new AccessScope(AccessKind.Read, pattern).Covers(stream));
    }

    [Fact]
    public void Caller_QueryAndAdmin_ImplyWhatTheyShould()
    {
        var admin = new Caller("a", [new AccessScope(AccessKind.Admin, null)]);
        var query = new Caller("q", [new AccessScope(AccessKind.Query, null)]);

        Assert.True(admin.CanWrite("x") && admin.CanRead("x") && admin.HasQuery && admin.HasConsumers);
        Assert.True(query.HasQuery);
        Assert.False(query.CanWrite("x") || query.HasConsumers || query.IsAdmin);
        Assert.False(Caller.Anonymous.CanRead("x") || Caller.Anonymous.HasQuery);
    }

    [Fact]
    public void Caller_CanReadEveryNameStartingWith_NeedsAPrefixPattern()
    {
        var caller = new Caller("c", [new AccessScope(AccessKind.Read, "orders*"), new AccessScope(AccessKind.Read, "invoices-1")]);

        Assert.True(caller.CanReadEveryNameStartingWith("orders-"));
        Assert.True(caller.CanReadEveryNameStartingWith("orders/"));
        Assert.False(caller.CanReadEveryNameStartingWith("invoices-"));
    }
}
