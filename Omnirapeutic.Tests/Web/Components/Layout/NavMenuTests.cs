using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Layout;

namespace Omnirapeutic.Tests.Web.Components.Layout;

public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_ForAnAdmin_ShowsTheAdministrationLinks()
    {
        AddAuthorization().SetAuthorized("admin@orga.example").SetRoles(Roles.Admin);

        var links = Links(Render<NavMenu>());

        Assert.Equal(["Home", "Schedule", "Clinic board", "Availability", "Patients", "Supervision", "Worklist", "Users", "Authorizations", "Payers", "Claims", "Revenue", "Audit trail", "Settings", "Your account"], links.Keys);
        Assert.Equal("admin/audit", links["Audit trail"]);
        Assert.Equal("schedule/clinic", links["Clinic board"]);
        Assert.Equal("schedule/availability", links["Availability"]);
        Assert.Equal("admin/worklist", links["Worklist"]);
        Assert.Equal("admin/users", links["Users"]);
        Assert.Equal("admin/authorizations", links["Authorizations"]);
        Assert.Equal("admin/payers", links["Payers"]);
        Assert.Equal("admin/settings", links["Settings"]);
        Assert.Equal("supervision", links["Supervision"]);
    }

    [Fact]
    public void Render_ForAPractitioner_HidesTheAdministrationLinks()
    {
        AddAuthorization().SetAuthorized("rbt1@orga.example").SetRoles(Roles.Practitioner);

        var cut = Render<NavMenu>();

        Assert.Equal(["Home", "Schedule", "Patients", "Supervision", "Your account"], Links(cut).Keys);
        Assert.Empty(cut.FindComponents<MudNavGroup>());
    }

    [Fact]
    public void Render_ForAScheduler_ShowsTheClinicBoardButNoAdministration()
    {
        AddAuthorization().SetAuthorized("desk@orga.example").SetRoles(Roles.Scheduler);

        var cut = Render<NavMenu>();

        Assert.Equal(["Home", "Schedule", "Clinic board", "Availability", "Patients", "Supervision", "Your account"], Links(cut).Keys);
        Assert.Empty(cut.FindComponents<MudNavGroup>());
    }

    [Fact]
    public void Render_WhenSignedOut_ShowsOnlyHome()
    {
        AddAuthorization();

        Assert.Equal(["Home"], Links(Render<NavMenu>()).Keys);
    }

    private static Dictionary<string, string> Links(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll("a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href") ?? string.Empty);
}
