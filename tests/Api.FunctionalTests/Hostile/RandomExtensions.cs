namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>The few choices the generators make with their seeded <see cref="Random"/>.</summary>
public static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One of <paramref name="items"/> (a list written at the call).</summary>
    public static T OneOf<T>(this Random random, params ReadOnlySpan<T> items) => items[random.Next(items.Length)];

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>Runs one of <paramref name="choices"/>, each picked in proportion to its weight.</summary>
    public static T Weighted<T>(this Random random, params (int Weight, Func<T> Make)[] choices)
    {
        var total = choices.Sum(choice => choice.Weight);
        var roll = random.Next(total);
        foreach (var (weight, make) in choices)
        {
            if (roll < weight)
            {
                return make();
            }

            roll -= weight;
        }

        throw new InvalidOperationException("unreachable: the roll is below the total weight");
    }
}
