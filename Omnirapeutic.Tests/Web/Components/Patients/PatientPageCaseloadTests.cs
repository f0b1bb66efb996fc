using Bunit;
using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Patients;

namespace Omnirapeutic.Tests.Web.Components.Patients;

/// <summary>A practitioner limited to their caseload opens another client's page: "not found", as another organization's client.</summary>
public sealed class PatientPageCaseloadTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private CoreServices _core = null!;
    private Guid _patientId;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (var admin, _patientId) = await _core.AddClinicAsync();
        this.WithCore(_core.ConnectionString, admin, Roles.Practitioner);
        Render<MudPopoverProvider>();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public void AClientOffThePractitionersCaseload_IsNotFound()
    {
        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, _patientId));

        cut.WaitForAssertion(() => Assert.Equal("Not found", cut.Find("h1").TextContent), AdminPages.Wait);
        Assert.Empty(cut.FindAll("[data-testid=balance-bar]"));
    }
}
