using System.Globalization;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Reads the follow mode of a read route: <c>?follow=true</c>, and the resume position of <c>?after=N</c> or the
/// <c>Last-Event-ID: N</c> header (a non-negative integer, a global position; not both). A follow takes a window start
/// only: an upper bound (<c>until</c>), a count (<c>forwards</c>) or a reversed read (<c>backwards</c>) is a 400 naming
/// the parameter, and so is <c>after</c> without <c>follow=true</c>. Without <c>follow=true</c> the header is ignored
/// (it means nothing to a plain read).
/// </summary>
public static class FollowRequestReader
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The follow of this request, or null for a plain read; <paramref name="window"/> is the route's window (null: none).</summary>
    public static FollowRequest? Read(HttpRequest request, ReadWindow? window)
    {
        ArgumentNullException.ThrowIfNull(request);
        var follow = Single(request, "follow");
        var after = Single(request, "after");
        var following = follow switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new InvalidRequestException("follow must be true or false.", "follow"),
        };

        if (!following)
        {
            return after is null ? null : throw new InvalidRequestException("after is only allowed with follow=true.", "after");
        }

        if (window is not null)
        {
            if (window.Until is not null)
            {
                throw new InvalidRequestException("until is not allowed with follow=true: a follow has no end.", "until");
            }

            if (window.Direction == ReadDirection.Backwards)
            {
                throw new InvalidRequestException("backwards is not allowed with follow=true: a follow reads forwards.", "backwards");
            }

            if (window.Amount is not null)
            {
                throw new InvalidRequestException("forwards is not allowed with follow=true: a follow has no end.", "forwards");
            }
        }

        var lastEventIds = request.Headers[LastEventIdHeader];
        if (lastEventIds.Count > 0 && after is not null)
        {
            throw new InvalidRequestException("Give either after or the Last-Event-ID header, not both.", "after");
        }

        if (after is not null)
        {
            return new FollowRequest(Position(after, "after"));
        }

        if (lastEventIds.Count > 1)
        {
            throw new InvalidRequestException("Last-Event-ID must be given once.", LastEventIdHeader);
        }

        return new FollowRequest(lastEventIds.Count == 1 ? Position(lastEventIds[0]!.Trim(), LastEventIdHeader) : null);
    }

    private static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidRequestException($"{name} must be given once.", name),
        };
    }

    /// <summary>A global position after which to resume: 0 or more (0: from the start).</summary>
    private static long Position(string value, string name)
    {
        var digits = value.StartsWith('-') ? value.AsSpan(1) : value.AsSpan();
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9') || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
        {
            throw new InvalidRequestException($"{name} must be a global position: an integer of 0 or more.", name);
        }

        return position >= 0 ? position : throw new InvalidRequestException($"{name} must not be below 0.", name);
    }
}
