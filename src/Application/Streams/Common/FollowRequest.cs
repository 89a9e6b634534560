namespace CleanEventStore.Application.Streams.Common;

/// <summary>
/// A read in follow mode (<c>?follow=true</c>): the history from the window's start, then <c>caughtUp</c>, then live
/// events and heartbeats, without end. <paramref name="After"/> is the resume position (<c>?after=N</c> or
/// <c>Last-Event-ID: N</c>): only events whose global position is above it are sent; null when none was given.
/// </summary>
public sealed record FollowRequest(long? After);
