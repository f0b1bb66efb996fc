namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Runs one organization's scheduling changes one at a time inside this node, first come first served. A
/// booking reads the practitioner's and the patient's time ranges; SSI locks those index ranges by page, so
/// concurrent bookings of different practitioners would abort each other and exhaust their retries. Across
/// nodes, SERIALIZABLE and the exclusion and CHECK constraints remain the guarantee (ADR 3).
/// </summary>
public sealed class SchedulingQueue
{
    private readonly Dictionary<Guid, Gate> _gates = [];

    public async Task<T> RunAsync<T>(Guid organizationId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = Enter(organizationId);
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
            Leave(organizationId, gate);
        }
    }

    /// <summary>How many organizations have work queued or running; idle ones are forgotten.</summary>
    public int ActiveOrganizations
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    private Gate Enter(Guid organizationId)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(organizationId, out var gate))
            {
                gate = new Gate();
                _gates.Add(organizationId, gate);
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(Guid organizationId, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(organizationId);
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
