using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Application.Common.Waiting;

/// <summary>
/// Every open client wait: stream, join and category long-polls and consumer waits, and, counted apart, the follows
/// (<c>?follow=true</c>). It counts them (health, metrics, tests that must know a wait is in place), caps them
/// (<see cref="RateLimitOptions.MaxLongPolls"/> in total, <see cref="RateLimitOptions.MaxLongPollsPerCaller"/> per
/// authenticated caller; <see cref="RateLimitOptions.MaxFollowers"/> and <see cref="RateLimitOptions.MaxFollowersPerCaller"/>
/// for follows: a wait over a cap is refused with 429), and ends them all at once when the server begins to stop, so a
/// shutdown is not held up by requests that would otherwise sit until their poll timeout (or, for a follow, forever).
/// A wait that ends this way before it returned anything answers 503 (<see cref="ServerStoppingException"/>).
/// Follows have caps of their own because they last as long as their client: sharing one cap would let a few
/// thousand followers starve every long-poll and consumer wait of the server.
/// </summary>
public sealed class LongPolls : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perCaller = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _followersPerCaller = new(StringComparer.Ordinal);
    private readonly int _max;
    private readonly int _maxPerCaller;
    private readonly int _maxFollowers;
    private readonly int _maxFollowersPerCaller;
    private bool _disposed;
    private int _open;
    private int _openFollowers;

    public LongPolls()
        : this(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions()))
    {
    }

    public LongPolls(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _max = options.Value.MaxLongPolls;
        _maxPerCaller = options.Value.MaxLongPollsPerCaller;
        _maxFollowers = options.Value.MaxFollowers;
        _maxFollowersPerCaller = options.Value.MaxFollowersPerCaller;
    }

    /// <summary>Waits in progress now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Follows in progress now.</summary>
    public int OpenFollowers => Volatile.Read(ref _openFollowers);

    /// <summary>Cancelled when the server begins to stop.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Counts a wait of <paramref name="caller"/> until the returned lease is disposed; 429 over a cap.</summary>
    public Lease Enter(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var perCaller = ReferenceEquals(caller, Caller.Unrestricted) ? null : caller.Name;
        lock (_gate)
        {
            if (_open >= _max)
            {
                throw new TooManyRequestsException($"The server holds {_max} waits (long-polls) already (RateLimit:MaxLongPolls); retry shortly.", 1);
            }

            if (perCaller is not null)
            {
                var count = _perCaller.GetValueOrDefault(perCaller);
                if (count >= _maxPerCaller)
                {
                    throw new TooManyRequestsException(
                        $"\"{perCaller}\" holds {_maxPerCaller} waits (long-polls) already (RateLimit:MaxLongPollsPerCaller); retry once one ends.", 1);
                }

                _perCaller[perCaller] = count + 1;
            }

            _open++;
        }

        return new Lease(this, perCaller, follower: false);
    }

    /// <summary>Counts a follow of <paramref name="caller"/> until the returned lease is disposed; 429 over a cap.</summary>
    public Lease EnterFollower(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var perCaller = ReferenceEquals(caller, Caller.Unrestricted) ? null : caller.Name;
        lock (_gate)
        {
            if (_openFollowers >= _maxFollowers)
            {
                throw new TooManyRequestsException($"The server holds {_maxFollowers} follows already (RateLimit:MaxFollowers); retry shortly.", 1);
            }

            if (perCaller is not null)
            {
                var count = _followersPerCaller.GetValueOrDefault(perCaller);
                if (count >= _maxFollowersPerCaller)
                {
                    throw new TooManyRequestsException(
                        $"\"{perCaller}\" holds {_maxFollowersPerCaller} follows already (RateLimit:MaxFollowersPerCaller); retry once one ends.", 1);
                }

                _followersPerCaller[perCaller] = count + 1;
            }

            _openFollowers++;
        }

        return new Lease(this, perCaller, follower: true);
    }

    /// <summary>Ends every open wait and every later one at once (the host calls this when it begins to stop).</summary>
    /// <remarks>Safe to call at any point of shutdown, also after the container disposed this instance.</remarks>
    public void Stop()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stopping.Dispose();
        }
    }

    private void Leave(string? caller, bool follower)
    {
        lock (_gate)
        {
            var perCaller = follower ? _followersPerCaller : _perCaller;
            if (follower)
            {
                _openFollowers--;
            }
            else
            {
                _open--;
            }

            if (caller is not null && --perCaller[caller] == 0)
            {
                perCaller.Remove(caller);
            }
        }
    }

    /// <summary>One counted wait.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly string? _caller;
        private readonly bool _follower;
        private LongPolls? _owner;

        internal Lease(LongPolls owner, string? caller, bool follower)
        {
            _owner = owner;
            _caller = caller;
            _follower = follower;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Leave(_caller, _follower);
    }
}
