namespace CleanEventStore.Application.Health.GetHealth;

/// <summary>
/// <paramref name="Healthy"/> when the store is open and accepts writes; <paramref name="Streams"/> counts visible
/// streams (derived type and tag streams included); <paramref name="FaultReason"/> says why writes are refused;
/// <paramref name="OpenLongPolls"/> counts the client waits in progress (long-poll reads and consumer waits),
/// <paramref name="OpenFollowers"/> the follows (<c>?follow=true</c>).
/// </summary>
public sealed record GetHealthResult(
    bool Healthy,
    bool Open,
    bool Writable,
    long Length,
    int Streams,
    int Consumers,
    string Engine,
    string Durability,
    string? FaultReason,
    int OpenLongPolls,
    int OpenFollowers = 0);
