namespace SignalingAkka.Client.Tests.Resume;

/// <summary>
/// The backoff wait of <see cref="SessionResumer"/>, without waiting: records each delay asked for and
/// completes at once, or, while <see cref="Hold"/> is on, only when released or cancelled.
/// </summary>
internal sealed class FakeDelay
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _requested = [];
    private TaskCompletionSource _released = NewSource();
    private TaskCompletionSource _waiting = NewSource();

    public bool Hold { get; set; }

    public IReadOnlyList<TimeSpan> Requested
    {
        get { lock (_gate) return _requested.ToArray(); }
    }

    /// <summary>Completes when a held delay has started waiting.</summary>
    public Task Waiting
    {
        get { lock (_gate) return _waiting.Task; }
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        lock (_gate)
        {
            _requested.Add(delay);
            if (!Hold) return Task.CompletedTask;
            _waiting.TrySetResult();
            return _released.Task.WaitAsync(ct);
        }
    }

    /// <summary>Lets the held delays complete; later ones are held again.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released.TrySetResult();
            (_released, _waiting) = (NewSource(), NewSource());
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
