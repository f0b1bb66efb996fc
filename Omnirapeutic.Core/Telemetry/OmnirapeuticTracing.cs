using System.Diagnostics;

namespace Omnirapeutic.Core.Telemetry;

/// <summary>
/// The app's own spans, on the activity source <see cref="SourceName"/>: a lane batch, its transaction, the wait for
/// the lane, and the live fan-out of what it committed. Their attributes are ids, counts and outcomes, never PHI.
/// </summary>
public static class OmnirapeuticTracing
{
    public const string SourceName = "Omnirapeutic";

    public const string LaneBatch = "omnirapeutic.lane.batch";
    public const string Transaction = "omnirapeutic.transaction";
    public const string LaneWait = "omnirapeutic.lane.wait";
    public const string FanOut = "omnirapeutic.live.fan_out";

    public const string OrganizationTag = "omnirapeutic.organization.id";
    public const string BatchSizeTag = "omnirapeutic.batch.size";
    public const string BatchKindsTag = "omnirapeutic.batch.kinds";
    public const string BatchIsolatedTag = "omnirapeutic.batch.isolated";
    public const string RetriesTag = "omnirapeutic.transaction.retries";
    public const string ChangesTag = "omnirapeutic.live.changes";

    public static readonly ActivitySource Source = new(SourceName);
}
