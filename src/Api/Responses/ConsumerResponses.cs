using CleanEventStore.Api.Contracts;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.ListConsumers;
using CleanEventStore.Application.Consumers.StartConsumer;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Responses;

/// <summary>The JSON responses of the <c>/consumers</c> routes.</summary>
public static class ConsumerResponses
{
    public static IActionResult List(ListConsumersResult result)
    {
        var items = new List<ConsumerListItem>(result.Consumers.Count);
        foreach (var consumer in result.Consumers)
        {
            items.Add(new ConsumerListItem(consumer.Id.Value, consumer.Stream.Value, ConsumerResponse.StatusName(consumer.Status)));
        }

        return Json(StatusCodes.Status200OK, new ConsumerListResponse(items));
    }

    /// <summary>200 with the consumer.</summary>
    public static IActionResult One(ConsumerSnapshot consumer) => Json(StatusCodes.Status200OK, ConsumerResponse.From(consumer));

    /// <summary>201 for a new consumer, else 200, with the consumer.</summary>
    public static IActionResult Started(StartConsumerResult result) =>
        Json(result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, ConsumerResponse.From(result.Consumer));

    private static JsonResult Json(int status, object value) => new(value, ConsumersJsonContext.Default.Options) { StatusCode = status };
}
