using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Patients;

public sealed class PatientRegistryTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _existing;

    private PatientRegistry Registry => _core.Get<PatientRegistry>();

    private PatientDirectory Directory => _core.Get<PatientDirectory>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_admin, _existing) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Register_ANewPatient_IsListedAndAuditedWithoutPhi()
    {
        var memberId = MemberId();

        var id = await Registry.RegisterAsync(_admin, new PatientDetails(" Avery ", "Bennett", new DateOnly(2019, 4, 2), memberId), Ct);

        Assert.Equal(new PatientDetails("Avery", "Bennett", new DateOnly(2019, 4, 2), memberId), await Directory.GetAsync(_admin.OrganizationId, id, Ct));
        Assert.Contains(await Directory.ListAsync(_admin.OrganizationId, "Avery", Ct), p => p.Id == id);
        await using var db = await ContextAsync();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "patient.register" && e.EntityId == id.ToString(), Ct);
        Assert.Equal(_admin.UserId, audit.ActorUserId);
        Assert.Null(audit.Details);
    }

    [Fact]
    public async Task Register_WithAMemberIdAlreadyInUse_IsRefused()
    {
        var memberId = MemberId();
        await Registry.RegisterAsync(_admin, new PatientDetails("First", "Holder", new DateOnly(2018, 1, 1), memberId), Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.RegisterAsync(_admin, new PatientDetails("Second", "Holder", new DateOnly(2018, 1, 1), memberId), Ct));

        Assert.Equal(("duplicate-member-id", DomainErrorKind.Conflict, PatientRegistry.DuplicateMemberIdMessage), (refusal.Code, refusal.Kind, refusal.Message));
        Assert.DoesNotContain(await Directory.ListAsync(_admin.OrganizationId, cancellationToken: Ct), p => p.Name == "Second Holder");
    }

    [Fact]
    public async Task Register_WithAMemberIdUsedInAnotherOrganization_Succeeds()
    {
        var memberId = MemberId();
        var (other, _) = await _core.AddClinicAsync();
        await Registry.RegisterAsync(other, new PatientDetails("Their", "Patient", new DateOnly(2018, 1, 1), memberId), Ct);

        var id = await Registry.RegisterAsync(_admin, new PatientDetails("Our", "Patient", new DateOnly(2018, 1, 1), memberId), Ct);

        Assert.Equal(memberId, (await Directory.GetAsync(_admin.OrganizationId, id, Ct)).MemberId);
    }

    [Theory]
    [InlineData("", "Last", "M-1", "invalid-patient")]
    [InlineData("First", " ", "M-1", "invalid-patient")]
    [InlineData("First", "Last", "", "invalid-patient")]
    public async Task Register_WithAMissingField_IsRefused(string first, string last, string memberId, string code)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.RegisterAsync(_admin, new PatientDetails(first, last, new DateOnly(2018, 1, 1), memberId), Ct));

        Assert.Equal((code, DomainErrorKind.Invalid), (refusal.Code, refusal.Kind));
    }

    [Fact]
    public async Task Register_WithADateOfBirthInTheFuture_IsRefused()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.RegisterAsync(_admin, new PatientDetails("Not", "Born", tomorrow, MemberId()), Ct));

        Assert.Equal("invalid-date-of-birth", refusal.Code);
    }

    [Fact]
    public async Task Update_ChangesTheDetailsAndAuditsOnlyTheFieldNames()
    {
        var id = await Registry.RegisterAsync(_admin, new PatientDetails("Riley", "Donovan", new DateOnly(2017, 6, 1), MemberId()), Ct);
        var newMemberId = MemberId();

        await Registry.UpdateAsync(_admin, id, new PatientDetails("Riley", "Donovan-Price", new DateOnly(2017, 6, 2), newMemberId), Ct);

        Assert.Equal(new PatientDetails("Riley", "Donovan-Price", new DateOnly(2017, 6, 2), newMemberId), await Directory.GetAsync(_admin.OrganizationId, id, Ct));
        await using var db = await ContextAsync();
        var details = (await db.AuditEvents.SingleAsync(e => e.Action == "patient.update" && e.EntityId == id.ToString(), Ct)).Details!;
        Assert.Contains("lastName", details, StringComparison.Ordinal);
        Assert.Contains("memberId", details, StringComparison.Ordinal);
        Assert.DoesNotContain("firstName", details, StringComparison.Ordinal);
        Assert.DoesNotContain("Donovan", details, StringComparison.Ordinal);
        Assert.DoesNotContain(newMemberId, details, StringComparison.Ordinal);
        Assert.DoesNotContain("2017", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithNothingChanged_WritesNoAuditEvent()
    {
        var details = new PatientDetails("Same", "Person", new DateOnly(2016, 3, 3), MemberId());
        var id = await Registry.RegisterAsync(_admin, details, Ct);

        await Registry.UpdateAsync(_admin, id, details, Ct);

        await using var db = await ContextAsync();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "patient.update" && e.EntityId == id.ToString(), Ct));
    }

    [Fact]
    public async Task Update_ToAnotherPatientsMemberId_IsRefusedAndChangesNothing()
    {
        var taken = (await Directory.GetAsync(_admin.OrganizationId, _existing, Ct)).MemberId;
        var original = new PatientDetails("Quinn", "Ellison", new DateOnly(2015, 9, 9), MemberId());
        var id = await Registry.RegisterAsync(_admin, original, Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.UpdateAsync(_admin, id, original with { FirstName = "Changed", MemberId = taken }, Ct));

        Assert.Equal("duplicate-member-id", refusal.Code);
        Assert.Equal(original, await Directory.GetAsync(_admin.OrganizationId, id, Ct));
    }

    [Fact]
    public async Task Update_APatientOfAnotherOrganization_IsAnsweredAsNotFound()
    {
        var (other, theirs) = await _core.AddClinicAsync();
        var before = await Directory.GetAsync(other.OrganizationId, theirs, Ct);

        var update = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.UpdateAsync(_admin, theirs, new PatientDetails("Taken", "Over", new DateOnly(2018, 1, 1), MemberId()), Ct));
        var read = await Assert.ThrowsAsync<DomainException>(() => Directory.GetAsync(_admin.OrganizationId, theirs, Ct));

        Assert.Equal((DomainErrorKind.NotFound, "No such patient."), (update.Kind, update.Message));
        Assert.Equal(DomainErrorKind.NotFound, read.Kind);
        Assert.Equal(before, await Directory.GetAsync(other.OrganizationId, theirs, Ct));
    }

    [Fact]
    public async Task Billing_StoresNormalizedDiagnosesAndTheSubscriber_AuditedByFieldNames()
    {
        await Registry.SetBillingAsync(_admin, _existing, new PatientBilling([" f840 ", "Z13.41", "F84.0"], SubscriberRelationship.Guardian, " Dana ", "Doe"), Ct);
        await Registry.SetBillingAsync(_admin, _existing, new PatientBilling(["F84.0", "Z13.41"], SubscriberRelationship.Guardian, "Dana", "Doe"), Ct);
        await Registry.SetBillingAsync(_admin, _existing, new PatientBilling(["F84.0", "Z13.41"], SubscriberRelationship.Self, "Ignored", "Name"), Ct);

        var profile = await Directory.GetProfileAsync(_admin.OrganizationId, _existing, Ct);
        Assert.Equal(["F84.0", "Z13.41"], profile.Billing.DiagnosisCodes);
        Assert.Equal((SubscriberRelationship.Self, null, null), (profile.Billing.SubscriberRelationship, profile.Billing.SubscriberFirstName, profile.Billing.SubscriberLastName));
        await using var db = await ContextAsync();
        var audits = await db.AuditEvents.Where(e => e.Action == "patient.billing" && e.EntityId == _existing.ToString()).OrderBy(e => e.Id).Select(e => e.Details).ToListAsync(Ct);
        Assert.Equal(["{\"changed\": [\"diagnosisCodes\", \"subscriber\"]}", "{\"changed\": [\"subscriber\"]}"], audits);
        Assert.All(audits, details => Assert.DoesNotContain("Dana", details!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("F8.0", SubscriberRelationship.Self, null, "invalid-diagnosis-code")]
    [InlineData("U07.1", SubscriberRelationship.Self, null, "invalid-diagnosis-code")]
    [InlineData("F84.00000", SubscriberRelationship.Self, null, "invalid-diagnosis-code")]
    [InlineData("", SubscriberRelationship.Self, null, "invalid-diagnosis-code")]
    [InlineData("F84.0", SubscriberRelationship.Parent, null, "invalid-subscriber")]
    [InlineData("F84.0", SubscriberRelationship.Guardian, " ", "invalid-subscriber")]
    [InlineData("F84.0", (SubscriberRelationship)9, "Dana", "invalid-subscriber")]
    public async Task Billing_WithAMalformedCodeOrSubscriber_IsRefused_AndChangesNothing(string code, SubscriberRelationship relationship, string? firstName, string expected)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Registry.SetBillingAsync(_admin, _existing, new PatientBilling([code], relationship, firstName, "Doe"), Ct));

        Assert.Equal((expected, DomainErrorKind.Invalid), (refusal.Code, refusal.Kind));
        Assert.Equal(CoreServices.Diagnosed.DiagnosisCodes, (await Directory.GetProfileAsync(_admin.OrganizationId, _existing, Ct)).Billing.DiagnosisCodes);
    }

    [Fact]
    public async Task Billing_HoldsAtMostTwelveDiagnoses()
    {
        var thirteen = Enumerable.Range(10, 13).Select(n => $"Z{n}").ToList();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Registry.SetBillingAsync(_admin, _existing, new PatientBilling(thirteen), Ct));
        await Registry.SetBillingAsync(_admin, _existing, new PatientBilling(thirteen[..12]), Ct);

        Assert.Equal("invalid-diagnosis-code", refusal.Code);
        Assert.Equal(12, (await Directory.GetProfileAsync(_admin.OrganizationId, _existing, Ct)).Billing.DiagnosisCodes.Count);
    }

    private static string MemberId() => $"M-{Guid.NewGuid():N}"[..20];

    private async Task<OmnirapeuticDbContext> ContextAsync() =>
        await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
}
