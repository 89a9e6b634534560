using CleanEventStore.Api.Controllers;
using CleanEventStore.Api.FunctionalTests.Embedding;
using CleanEventStore.Api.FunctionalTests.Support;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Api.FunctionalTests.Hosting;

/// <summary>
/// The store's controllers run without MVC's model-state filter (they bind no models; the filter would cost time on
/// every request), and a host's controllers keep it: the convention applies to the store's own only.
/// </summary>
public sealed class EventStoreControllerConventionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public void StoreActions_HaveNoModelStateFilter()
    {
        var actions = Actions(factory.Services).ToList();

        Assert.True(actions.Count >= 15, $"{actions.Count} actions");
        Assert.All(actions, action => Assert.DoesNotContain(action.FilterDescriptors, filter => IsModelStateFilter(filter.Filter)));
    }

    [Fact]
    public async Task HostActions_KeepTheModelStateFilter()
    {
        await using var host = await HostApp.StartAsync();

        var actions = host.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<ControllerActionDescriptor>().ToList();

        var greetings = actions.Where(action => action.ControllerTypeInfo == typeof(HostGreetingsController)).ToList();
        Assert.NotEmpty(greetings);
        Assert.All(greetings, action => Assert.Contains(action.FilterDescriptors, filter => IsModelStateFilter(filter.Filter)));
        Assert.All(
            actions.Where(action => typeof(EventStoreController).IsAssignableFrom(action.ControllerTypeInfo)),
            action => Assert.DoesNotContain(action.FilterDescriptors, filter => IsModelStateFilter(filter.Filter)));
    }

    private static IEnumerable<ControllerActionDescriptor> Actions(IServiceProvider services) =>
        services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Where(action => typeof(EventStoreController).IsAssignableFrom(action.ControllerTypeInfo));

    private static bool IsModelStateFilter(object filter) => filter.GetType().Name.Contains("ModelStateInvalid", StringComparison.Ordinal);
}
