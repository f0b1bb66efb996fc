using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

public sealed class UtilizationReportTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    private UtilizationReport Report => _core.Get<UtilizationReport>();

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task ByServiceCode_WithSeveralAuthorizations_SumsTheActiveOnesPerCode()
    {
        var first = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var second = await _core.AddAuthorizationAsync(_actor, _patientId, 200);
        var voided = await _core.AddAuthorizationAsync(_actor, _patientId, 1000);
        await _core.AddAuthorizationAsync(_actor, _patientId, 80, ServiceCode.FamilyGuidance);
        await Ledger.ReserveAsync(_actor, first.Id, 10, cancellationToken: Cancellation);
        await Ledger.ConsumeAsync(_actor, first.Id, 4, cancellationToken: Cancellation);
        await Ledger.ReserveAsync(_actor, second.Id, 20, cancellationToken: Cancellation);
        await Ledger.VoidAsync(_actor, voided.Id, "Duplicate", cancellationToken: Cancellation);

        var utilization = await Report.ByServiceCodeAsync(_actor.OrganizationId, Cancellation);

        Assert.Equal(
            [
                new ServiceCodeUtilization(ServiceCode.TreatmentByProtocol, 250, 4, 26, 220),
                new ServiceCodeUtilization(ServiceCode.FamilyGuidance, 80, 0, 0, 80),
            ],
            utilization);
    }

    [Fact]
    public async Task AtRisk_ForAnOrganization_ListsTheRunningOutAndUnderusedButNotTheOnPaceTheFreshOrOtherOrganizations()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var runsOut = await _core.AddAuthorizationAsync(_actor, _patientId, 50, start: today.AddDays(-30), end: today.AddDays(150));
        var onPace = await _core.AddAuthorizationAsync(_actor, _patientId, 50, start: today.AddDays(-30), end: today.AddDays(10));
        var underused = await _core.AddAuthorizationAsync(_actor, _patientId, 1000, start: today.AddDays(-60), end: today.AddDays(60));
        var fresh = await _core.AddAuthorizationAsync(_actor, _patientId, 1000, start: today.AddDays(-30), end: today.AddDays(150));
        await Ledger.ReserveAsync(_actor, runsOut.Id, 45, cancellationToken: Cancellation);
        await Ledger.ReserveAsync(_actor, onPace.Id, 30, cancellationToken: Cancellation);
        var (otherActor, otherPatient) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(otherActor, otherPatient, 1000);

        var atRisk = await Report.AtRiskAsync(_actor.OrganizationId, Cancellation);

        Assert.Equal([runsOut.Id, underused.Id], atRisk.Select(f => f.Usage.AuthorizationId));
        Assert.DoesNotContain(atRisk, f => f.Usage.AuthorizationId == fresh.Id);
        Assert.Equal([AuthorizationRisk.RunsOutEarly, AuthorizationRisk.LeavesUnitsUnused], atRisk.Select(f => f.Risk));
        Assert.Equal("Test Patient", atRisk[0].Usage.PatientName);
    }
}
