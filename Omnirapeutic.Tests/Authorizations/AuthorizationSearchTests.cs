using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

public sealed class AuthorizationSearchTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    private AuthorizationDirectory Directory => _core.Get<AuthorizationDirectory>();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Search_WithAPageSize_ReturnsThatPageAndTheTotalCount()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            numbers.Add((await _core.AddAuthorizationAsync(_actor, _patientId, 50)).AuthNumber);
        }

        var second = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { Page = 1, PageSize = 3 }, Cancellation);
        var last = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { Page = 2, PageSize = 3 }, Cancellation);

        var ordered = numbers.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(7, second.TotalCount);
        Assert.Equal(ordered.Skip(3).Take(3), second.Items.Select(a => a.AuthNumber));
        Assert.Equal([ordered[6]], last.Items.Select(a => a.AuthNumber));
    }

    [Fact]
    public async Task Search_SortedByAvailableUnitsDescending_PutsTheLargestBalanceFirst()
    {
        var small = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var large = await _core.AddAuthorizationAsync(_actor, _patientId, 200);
        var middle = await _core.AddAuthorizationAsync(_actor, _patientId, 200);
        await _core.Get<UnitLedger>().ReserveAsync(_actor, middle.Id, 100, cancellationToken: Cancellation);

        var page = await Directory.SearchAsync(
            _actor.OrganizationId, new AuthorizationQuery { SortBy = AuthorizationSortField.AvailableUnits, SortDescending = true }, Cancellation);

        Assert.Equal([large.Id, middle.Id, small.Id], page.Items.Select(a => a.Id));
        Assert.Equal([200, 100, 50], page.Items.Select(a => a.AvailableUnits));
    }

    [Fact]
    public async Task Search_SortedByPatientName_OrdersByLastNameThenFirstName()
    {
        var zed = await AddPatientAsync("Ada", "Zed");
        var adams = await AddPatientAsync("Bo", "Adams");
        await _core.AddAuthorizationAsync(_actor, zed, 50);
        await _core.AddAuthorizationAsync(_actor, adams, 50);
        await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { SortBy = AuthorizationSortField.PatientName }, Cancellation);

        Assert.Equal(["Bo Adams", "Test Patient", "Ada Zed"], page.Items.Select(a => a.PatientName));
    }

    [Fact]
    public async Task Search_ByPartOfAPatientName_MatchesCaseInsensitively()
    {
        var lovelace = await AddPatientAsync("Ada", "Lovelace");
        var wanted = await _core.AddAuthorizationAsync(_actor, lovelace, 50);
        await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { PatientName = "  a LOVE " }, Cancellation);
        var wildcard = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { PatientName = "%" }, Cancellation);

        Assert.Equal([wanted.Id], page.Items.Select(a => a.Id));
        Assert.Equal("Ada Lovelace", page.Items[0].PatientName);
        Assert.Equal(0, wildcard.TotalCount);
    }

    [Fact]
    public async Task Search_ByServiceCode_ReturnsOnlyThatCode()
    {
        var family = await _core.AddAuthorizationAsync(_actor, _patientId, 50, ServiceCode.FamilyGuidance);
        await _core.AddAuthorizationAsync(_actor, _patientId, 50, ServiceCode.TreatmentByProtocol);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { ServiceCode = ServiceCode.FamilyGuidance }, Cancellation);

        Assert.Equal([family.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Search_ByStatus_SeparatesActiveFromVoided()
    {
        var voided = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var active = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await _core.Get<UnitLedger>().VoidAsync(_actor, voided.Id, "Payer withdrew it", cancellationToken: Cancellation);

        var voidedPage = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { Status = AuthorizationStatus.Voided }, Cancellation);
        var activePage = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { Status = AuthorizationStatus.Active }, Cancellation);

        Assert.Equal([voided.Id], voidedPage.Items.Select(a => a.Id));
        Assert.Equal([active.Id], activePage.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Search_ExpiringOnly_ReturnsActiveAuthorizationsEndingWithinTheAlertDays()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var soon = await _core.AddAuthorizationAsync(_actor, _patientId, 50, end: today.AddDays(10));
        var voidedSoon = await _core.AddAuthorizationAsync(_actor, _patientId, 50, end: today.AddDays(10));
        await _core.AddAuthorizationAsync(_actor, _patientId, 50, end: today.AddDays(60));
        await _core.AddAuthorizationAsync(_actor, _patientId, 50, start: today.AddDays(-60), end: today.AddDays(-5));
        await _core.Get<UnitLedger>().VoidAsync(_actor, voidedSoon.Id, "Replaced", cancellationToken: Cancellation);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { ExpiringOnly = true }, Cancellation);

        Assert.Equal([soon.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Search_LowBalanceOnly_ReturnsAuthorizationsAtOrBelowTheThreshold()
    {
        var ledger = _core.Get<UnitLedger>();
        var atThreshold = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var justAbove = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await ledger.ReserveAsync(_actor, atThreshold.Id, 40, cancellationToken: Cancellation);
        await ledger.ReserveAsync(_actor, justAbove.Id, 39, cancellationToken: Cancellation);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { LowBalanceOnly = true }, Cancellation);

        Assert.Equal([atThreshold.Id], page.Items.Select(a => a.Id));
        Assert.Equal(10, page.Items[0].AvailableUnits);
    }

    [Fact]
    public async Task Search_InOneOrganization_NeverReturnsAnotherOrganizationsAuthorizations()
    {
        var (otherActor, otherPatient) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(otherActor, otherPatient, 50);
        var mine = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var page = await Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { PatientName = "Patient", PageSize = null }, Cancellation);

        Assert.Equal([mine.Id], page.Items.Select(a => a.Id));
        Assert.Equal(1, page.TotalCount);
    }

    [Theory]
    [InlineData(-1, 25)]
    [InlineData(0, 0)]
    [InlineData(0, AuthorizationQuery.MaxPageSize + 1)]
    public async Task Search_WithAnInvalidPage_IsRefused(int page, int pageSize)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Directory.SearchAsync(_actor.OrganizationId, new AuthorizationQuery { Page = page, PageSize = pageSize }, Cancellation));

        Assert.Equal((DomainErrorKind.Invalid, "invalid-page"), (refusal.Kind, refusal.Code));
    }

    private async Task<Guid> AddPatientAsync(string firstName, string lastName)
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Cancellation);
        var patient = new Patient(_actor.OrganizationId, firstName, lastName, new DateOnly(2019, 3, 4), $"M-{Guid.NewGuid():N}", DateTimeOffset.UtcNow);
        db.Patients.Add(patient);
        await db.SaveChangesAsync(Cancellation);
        return patient.Id;
    }
}
