namespace Omnirapeutic.Core.Supervision;

/// <summary>An RBT's month in minutes and contacts: direct service (97153), supervised time, and the contacts by kind.</summary>
public sealed record SupervisionFigures(int DirectMinutes, int SupervisedMinutes, int Contacts, int IndividualContacts, int ObservedContacts)
{
    /// <summary>Supervised time as a percent of direct hours, to one decimal (0 without direct hours).</summary>
    public decimal SharePercent => DirectMinutes == 0 ? 0 : Math.Round(100m * SupervisedMinutes / DirectMinutes, 1, MidpointRounding.ToZero);
}
