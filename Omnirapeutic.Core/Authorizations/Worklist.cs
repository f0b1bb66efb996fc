namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// What needs an admin, each row with what resolves it: authorizations to renew, requests the payer has not answered,
/// sessions without a valid authorization, and authorizations on pace to run out before their end date.
/// </summary>
public sealed record Worklist(
    IReadOnlyList<WorklistAuthorization> RenewalsDue,
    IReadOnlyList<WorklistAuthorization> RequestsWaiting,
    IReadOnlyList<WorklistSession> SessionsWithoutAuthorization,
    IReadOnlyList<WorklistAuthorization> RunningOut)
{
    public int Count => RenewalsDue.Count + RequestsWaiting.Count + SessionsWithoutAuthorization.Count + RunningOut.Count;
}

/// <summary>An authorization on the worklist, as the authorization list shows it, with why it is there.</summary>
public sealed record WorklistAuthorization(AuthorizationListItem Authorization, string Detail);

/// <summary>A scheduled session whose authorization cannot bill it, with why: to move to another authorization or cancel.</summary>
public sealed record WorklistSession(
    Guid AppointmentId,
    DateTimeOffset Start,
    Guid PatientId,
    string PatientName,
    Guid AuthorizationId,
    string AuthNumber,
    string ServiceCode,
    string Detail);
