using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omnirapeutic.Core.Telemetry;

/// <summary>The app's own instruments, on the meter <see cref="MeterName"/>.</summary>
public sealed class OmnirapeuticMetrics
{
    public const string MeterName = "Omnirapeutic";

    private readonly Counter<long> _unitOperations;
    private readonly Counter<long> _serializationRetries;
    private readonly Counter<long> _giveUps;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _notificationsSent;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _batchesIsolated;
    private readonly Histogram<double> _laneWait;

    public OmnirapeuticMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _unitOperations = meter.CreateCounter<long>(
            "omnirapeutic.unit_operations", "{operation}", "Unit operations by kind and outcome.");
        _serializationRetries = meter.CreateCounter<long>(
            "omnirapeutic.transaction.retries", "{retry}", "Transactions retried after a serialization failure, deadlock, lost connection or stale prepared statement.");
        _giveUps = meter.CreateCounter<long>(
            "omnirapeutic.transaction.give_ups", "{transaction}", "Transactions abandoned after the last attempt.");
        _notificationsSent = meter.CreateCounter<long>(
            "omnirapeutic.notifications.sent", "{notification}", "Balance changes announced with pg_notify by committed transactions.");
        _operationDuration = meter.CreateHistogram<double>(
            "omnirapeutic.unit_operation.duration", "s", "Duration of unit operations, queueing included.");
        _batchSize = meter.CreateHistogram<int>(
            "omnirapeutic.ledger.batch.size", "{change}", "Unit changes applied together in one transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _batchDuration = meter.CreateHistogram<double>(
            "omnirapeutic.ledger.batch.duration", "s", "Duration of one batch of unit changes, from the first attempt to the commit.");
        _batchesIsolated = meter.CreateCounter<long>(
            "omnirapeutic.ledger.batch.isolated", "{batch}", "Batches whose transaction failed unexpectedly and whose changes were applied again one by one.");
        _laneWait = meter.CreateHistogram<double>(
            "omnirapeutic.lane.wait", "s", "Time a write transaction waited for its organization's lane, held by this or another node.");
    }

    public void LedgerBatch(int size, TimeSpan duration)
    {
        _batchSize.Record(size);
        _batchDuration.Record(duration.TotalSeconds);
    }

    public void LedgerBatchIsolated() => _batchesIsolated.Add(1);

    public void LaneWaited(TimeSpan duration) => _laneWait.Record(duration.TotalSeconds);

    public void UnitOperation(string kind, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "kind", kind }, { "outcome", outcome } };
        _unitOperations.Add(1, tags);
        _operationDuration.Record(duration.TotalSeconds, tags);
    }

    public void Retried(string reason) => _serializationRetries.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void NotificationsSent(int count)
    {
        if (count > 0)
        {
            _notificationsSent.Add(count);
        }
    }

    public void GaveUp(string reason) => _giveUps.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
