using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages.Patients;

/// <summary>A patient's balances, alerts, upcoming sessions and ledger history; balances move live.</summary>
public sealed partial class PatientPage
{
    private readonly Dictionary<Guid, IReadOnlyList<LedgerLine>> histories = [];
    private Guid organizationId;
    private PatientProfile? profile;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private bool notFound;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private AuthorizationDirectory Authorizations { get; set; } = default!;

    [Inject]
    private BalanceNotifier Notifier { get; set; } = default!;

    [Parameter]
    public Guid PatientId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        organizationId = (await AuthenticationState).User.GetOrganizationId();
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Notifier.BalanceChanged += OnBalanceChangedAsync;
            Notifier.Resynchronize += OnResynchronizeAsync;
        }
    }

    public void Dispose()
    {
        Notifier.BalanceChanged -= OnBalanceChangedAsync;
        Notifier.Resynchronize -= OnResynchronizeAsync;
    }

    private async Task LoadAsync()
    {
        try
        {
            profile = await Patients.GetProfileAsync(organizationId, PatientId);
            zone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZoneId);
            foreach (var id in histories.Keys.ToList())
            {
                histories[id] = await Authorizations.HistoryAsync(organizationId, id);
            }
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            notFound = true;
        }
    }

    private Task OnBalanceChangedAsync(BalanceUpdate update) =>
        update.OrganizationId == organizationId && update.Balance.PatientId == PatientId ? OnResynchronizeAsync() : Task.CompletedTask;

    private Task OnResynchronizeAsync() => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task ShowHistoryAsync(Guid authorizationId, bool expanded)
    {
        if (expanded && !histories.ContainsKey(authorizationId))
        {
            histories[authorizationId] = await Authorizations.HistoryAsync(organizationId, authorizationId);
        }
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
