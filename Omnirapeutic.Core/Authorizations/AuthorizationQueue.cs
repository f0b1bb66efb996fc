namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// Runs the work on one authorization one at a time inside this node, first come first served. The key is an
/// authorization id for unit changes; scheduling changes use their organization's id, so bookings queue together.
/// SERIALIZABLE cannot queue on a hot row (every waiter aborts when the holder commits), so without this
/// most of 50 concurrent reservations would exhaust their retries. Across nodes, SERIALIZABLE and the
/// CHECK constraints remain the guarantee; the queue only removes the conflicts a node would cause itself.
/// </summary>
public sealed class AuthorizationQueue
{
    private readonly Dictionary<Guid, Gate> _gates = [];

    public async Task<T> RunAsync<T>(Guid authorizationId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = Enter(authorizationId);
        try
        {
            await gate.Turn.WaitAsync(cancellationToken);
            try
            {
                return await work();
            }
            finally
            {
                gate.Turn.Release();
            }
        }
        finally
        {
            Leave(authorizationId, gate);
        }
    }

    /// <summary>How many authorizations have work queued or running; idle ones are forgotten.</summary>
    public int ActiveAuthorizations
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    private Gate Enter(Guid authorizationId)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(authorizationId, out var gate))
            {
                gate = new Gate();
                _gates.Add(authorizationId, gate);
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(Guid authorizationId, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(authorizationId);
                gate.Turn.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
