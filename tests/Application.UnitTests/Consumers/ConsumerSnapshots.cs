using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.UnitTests.Consumers;

internal static class ConsumerSnapshots
{
    public static ConsumerSnapshot Running(string id, long position, string state = "{}") =>
        new(ConsumerId.Parse(id), StreamName.Parse("orders-1"), position, state, ConsumerStatus.Running, null, null);

    public static ConsumerSnapshot Faulted(string id, long position, string error) =>
        new(ConsumerId.Parse(id), StreamName.Parse("orders-1"), position, "{}", ConsumerStatus.Faulted, error, position + 1);
}
