using MudBlazor;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Components.Pages.Supervision;

/// <summary>How a month of supervision reads: its status, its times and what it still needs.</summary>
internal static class SupervisionText
{
    public static string Status(SupervisionStatus status) => status switch
    {
        SupervisionStatus.OnTrack => "On track",
        SupervisionStatus.AtRisk => "At risk",
        SupervisionStatus.Met => "Met",
        SupervisionStatus.NotMet => "Not met",
        _ => "No direct hours",
    };

    public static Color ColorOf(SupervisionStatus status) => status switch
    {
        SupervisionStatus.OnTrack or SupervisionStatus.Met => Color.Success,
        SupervisionStatus.AtRisk => Color.Warning,
        SupervisionStatus.NotMet => Color.Error,
        _ => Color.Default,
    };

    /// <summary>"3 h 15 min", "45 min", "0 min".</summary>
    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        var (h, m) => $"{h} h {m} min",
    };

    /// <summary>What the month still needs, in the order the rule states it: "18 more minutes; 1 more contact; an observation with a client".</summary>
    public static string Needs(RbtSupervision rbt, bool isOver)
    {
        var judged = isOver ? rbt.Completed : rbt.Forecast;
        return string.Join("; ", rbt.Missing.Select(shortfall => shortfall switch
        {
            SupervisionShortfall.Share => $"{Duration(rbt.MinutesStillNeeded)} more supervision",
            SupervisionShortfall.Contacts => SupervisionRequirement.MinimumContacts - judged.Contacts == 1 ? "1 more contact" : $"{SupervisionRequirement.MinimumContacts - judged.Contacts} more contacts",
            SupervisionShortfall.Individual => "an individual contact",
            _ => "an observation with a client",
        }));
    }

    /// <summary>"97155", "Observation", "Meeting".</summary>
    public static string Describe(SupervisionSuggestionKind kind) => kind switch
    {
        SupervisionSuggestionKind.Overlay => "97155",
        SupervisionSuggestionKind.Observation => "Observation",
        _ => "Meeting",
    };

    /// <summary>What a suggestion books, after its times: "T.P. · 97155 by Sam Lee · 2 units", "T.P. · observation by Sam Lee, non-billable".</summary>
    public static string Describe(SupervisionSuggestion suggestion) => suggestion.Kind switch
    {
        SupervisionSuggestionKind.Overlay => $"{suggestion.PatientInitials} · 97155 by {suggestion.PractitionerName} · {suggestion.Units} units",
        SupervisionSuggestionKind.Observation => $"{suggestion.PatientInitials} · observation by {suggestion.PractitionerName}, non-billable",
        _ => $"individual meeting with {suggestion.PractitionerName}, non-billable",
    };

    /// <summary>The button that books it: "Book 97155", "Schedule observation", "Schedule meeting".</summary>
    public static string Action(SupervisionSuggestionKind kind) => kind switch
    {
        SupervisionSuggestionKind.Overlay => "Book 97155",
        SupervisionSuggestionKind.Observation => "Schedule observation",
        _ => "Schedule meeting",
    };
}
