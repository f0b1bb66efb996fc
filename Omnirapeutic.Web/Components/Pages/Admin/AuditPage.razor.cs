using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>The admins' audit trail: filtered by user, client, kind, action and days, paged in the database, exported as CSV.</summary>
public sealed partial class AuditPage
{
    private static readonly int[] PageSizes = [25, 50, 100, 200];

    private MudDataGrid<AuditEntry> grid = default!;
    private AuditQuery filter = new();
    private IReadOnlyList<UserListItem> users = [];
    private PatientListItem? client;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private Guid organizationId;
    private string? error;

    /// <summary>Opens on one client's events (the client page's "Audit trail" link).</summary>
    [SupplyParameterFromQuery(Name = "patient")]
    public Guid? Patient { get; set; }

    [Inject]
    private AuditTrail Trail { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private IOptions<AuditRetentionOptions> Retention { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private int RetentionYears => Retention.Value.RetentionYears;

    private DateTime? From => filter.From?.ToDateTime(TimeOnly.MinValue);

    private DateTime? To => filter.To?.ToDateTime(TimeOnly.MinValue);

    protected override async Task OnInitializedAsync()
    {
        organizationId = (await AuthenticationState).User.GetOrganizationId();
        users = await Users.ListAsync(organizationId);
        zone = TimeZoneInfo.FindSystemTimeZoneById((await Organizations.GetSummaryAsync(organizationId)).TimeZoneId);
        if (Patient is { } patientId)
        {
            client = (await Patients.ListAsync(organizationId)).FirstOrDefault(p => p.Id == patientId);
            filter = filter with { PatientId = client?.Id };
        }
    }

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken cancellationToken)
    {
        filter = filter with { Page = state.Page, PageSize = state.PageSize };
        try
        {
            var page = await Trail.SearchAsync(organizationId, filter, cancellationToken);
            error = null;
            return new GridData<AuditEntry> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (DomainException refusal)
        {
            error = refusal.Message;
            return new GridData<AuditEntry> { Items = [], TotalItems = 0 };
        }
    }

    private async Task<IEnumerable<PatientListItem>> SearchClientsAsync(string? text, CancellationToken cancellationToken) =>
        await Patients.ListAsync(organizationId, text, cancellationToken);

    private string UserName(Guid? id) => users.FirstOrDefault(u => u.Id == id)?.DisplayName ?? string.Empty;

    private string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss");

    private Task FilterByUserAsync(Guid? value) => ApplyAsync(filter with { UserId = value });

    private Task FilterByClientAsync(PatientListItem? value)
    {
        client = value;
        return ApplyAsync(filter with { PatientId = value?.Id });
    }

    private Task FilterByKindAsync(AuditEventKind? value) => ApplyAsync(filter with { Kind = value });

    private Task FilterByActionAsync(string? value) => ApplyAsync(filter with { Action = string.IsNullOrWhiteSpace(value) ? null : value });

    private Task FilterFromAsync(DateTime? value) => ApplyAsync(filter with { From = value is { } day ? DateOnly.FromDateTime(day) : null });

    private Task FilterToAsync(DateTime? value) => ApplyAsync(filter with { To = value is { } day ? DateOnly.FromDateTime(day) : null });

    private async Task ApplyAsync(AuditQuery changed)
    {
        filter = changed;
        if (grid.CurrentPage == 0)
        {
            await grid.ReloadServerData();
        }
        else
        {
            grid.NavigateTo(Page.First);
        }
    }
}
