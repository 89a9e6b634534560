namespace CleanEventStore.Domain.Matching;

/// <summary>The operators of the object-matcher language.</summary>
public enum MatcherOperator
{
    /// <summary><c>$gt</c>: greater than (numbers with numbers, strings with strings).</summary>
    GreaterThan,

    /// <summary><c>$gte</c>.</summary>
    GreaterThanOrEqual,

    /// <summary><c>$lt</c>.</summary>
    LessThan,

    /// <summary><c>$lte</c>.</summary>
    LessThanOrEqual,

    /// <summary><c>$eq</c>: strict equality.</summary>
    Equal,

    /// <summary><c>$ne</c>: strict inequality (a missing value still does not match).</summary>
    NotEqual,

    /// <summary><c>$has</c>: the value is an array that contains the operand.</summary>
    Has,

    /// <summary><c>$hasAny</c>: the value is an array that contains any of the operands.</summary>
    HasAny,
}
