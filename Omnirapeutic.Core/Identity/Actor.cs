namespace Omnirapeutic.Core.Identity;

/// <summary>
/// The signed-in user a change is made for, and the organization that bounds what they see. <see cref="CaseloadOnly"/>
/// is set for a practitioner who is neither admin nor front desk: where the organization turns caseload access on, they
/// see and book only their caseload's clients.
/// </summary>
public sealed record Actor(Guid OrganizationId, Guid UserId, bool CaseloadOnly = false);
