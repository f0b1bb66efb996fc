using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.DemoData;

/// <summary>
/// Loads the seed report's fixture: OrgA (10 patients), OrgB (5), OrgC (5), 10 practitioners, an admin per
/// organization and 55 authorizations (10 of 50 units, 20 of 200, 25 of 1000). Idempotent: each
/// organization's clinical data is written in one transaction only when the organization has none.
/// The one bulk loader that does not go through the organization's lane (ADR 6): it runs at startup before any
/// request, opens each authorization unused with its Adjust entry of the total (as the lane's create does) and moves
/// no units, so no unit method is called; the tests run the integrity check after it.
/// </summary>
public sealed partial class DemoDataSeeder(
    IDbContextFactory<OmnirapeuticDbContext> dbFactory,
    UserManager<ApplicationUser> userManager,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger)
{
    public const string DefaultPassword = "Omni-Demo-2026!";

    private static readonly DemoOrganization[] Organizations =
    [
        new("OrgA", "orga", "America/New_York", PatientCount: 10, Bcbas: 2, Rbts: 4, UnitsOfFifty: 5, UnitsOfTwoHundred: 10, UnitsOfThousand: 12),
        new("OrgB", "orgb", "America/Chicago", PatientCount: 5, Bcbas: 1, Rbts: 1, UnitsOfFifty: 3, UnitsOfTwoHundred: 5, UnitsOfThousand: 6),
        new("OrgC", "orgc", "America/Denver", PatientCount: 5, Bcbas: 1, Rbts: 1, UnitsOfFifty: 2, UnitsOfTwoHundred: 5, UnitsOfThousand: 7),
    ];

    private static readonly Dictionary<string, decimal> DemoFees = new()
    {
        [ServiceCode.Assessment] = 30.00m,
        [ServiceCode.TreatmentByProtocol] = 15.00m,
        [ServiceCode.ProtocolModification] = 25.00m,
        [ServiceCode.FamilyGuidance] = 25.00m,
        [ServiceCode.MultiFamilyGroup] = 8.00m,
    };

    /// <summary>Three payers per organization: a Medicaid plan (the default), a commercial plan and TRICARE, which pays no two codes at once and no telehealth.</summary>
    private static readonly PayerTerms[] DemoPayers =
    [
        new("Medicaid", UnitRoundingRule.Cms8Minute, Payer.DefaultConcurrentCodes, true, DayOfWeek.Sunday, Payer.MinimumSupervisionPercent, DemoFees),
        new("Commercial PPO", UnitRoundingRule.Midpoint, Payer.DefaultConcurrentCodes, true, DayOfWeek.Sunday, Payer.MinimumSupervisionPercent, DemoFees.ToDictionary(f => f.Key, f => f.Value * 1.4m)),
        new("TRICARE", UnitRoundingRule.Midpoint, [], false, DayOfWeek.Sunday, Payer.MinimumSupervisionPercent, DemoFees.ToDictionary(f => f.Key, f => f.Value * 1.2m)),
    ];

    /// <summary>The commercial plan caps its 97153 treatment at 8 hours a day and 40 a week.</summary>
    private const int CommercialPayer = 1;

    private static readonly UnitLimits CommercialTreatmentLimits = new(PerDay: 32, PerWeek: 160);

    /// <summary>About half the clients come to the clinic; the others take turns between home and school.</summary>
    /// <summary>Every demo client's diagnosis: autism spectrum disorder, the one ABA authorizations are written for.</summary>
    private const string AutismDiagnosis = "F84.0";

    /// <summary>The first names of the parents who hold the demo clients' policies.</summary>
    private static readonly string[] ParentNames = ["Maria", "James", "Aisha", "Wei", "Sofia", "David", "Priya", "Daniel"];

    private static readonly PlaceOfService[] UsualPlaces =
        [.. new[] { PlaceOfService.Office, PlaceOfService.Home, PlaceOfService.Office, PlaceOfService.School }.Select(PlaceOfService.Of)];

    private static readonly string[] ExtraServiceCodes = [ServiceCode.Assessment, ServiceCode.FamilyGuidance, ServiceCode.MultiFamilyGroup];

    private static readonly (string First, string Last)[] PatientNames =
    [
        ("Avery", "Bennett"), ("Jordan", "Castillo"), ("Riley", "Donovan"), ("Quinn", "Ellison"), ("Rowan", "Fischer"),
        ("Emerson", "Garcia"), ("Finley", "Hayes"), ("Harper", "Ibarra"), ("Sawyer", "Jensen"), ("Parker", "Kowalski"),
        ("Reese", "Lindqvist"), ("Skyler", "Moreno"), ("Dakota", "Nakamura"), ("Hayden", "Okafor"), ("Kendall", "Petrov"),
        ("Logan", "Quintero"), ("Morgan", "Rasmussen"), ("Peyton", "Silva"), ("Cameron", "Thornton"), ("Blake", "Underwood"),
    ];

    private static readonly (string First, string Last)[] PractitionerNames =
    [
        ("Dana", "Whitfield"), ("Marcus", "Oyelaran"), ("Lena", "Hartmann"), ("Tomas", "Reyes"), ("Priya", "Raman"),
        ("Owen", "Gallagher"), ("Sofia", "Marchetti"), ("Caleb", "Brooks"), ("Nadia", "Haddad"), ("Ethan", "Lowell"),
    ];

    /// <summary>Returns true when anything was added.</summary>
    public async Task<bool> SeedAsync(string password, CancellationToken cancellationToken = default)
    {
        var added = false;
        var practitionerIndex = 0;
        var patientIndex = 0;
        foreach (var spec in Organizations)
        {
            var organization = await GetOrCreateOrganizationAsync(spec, cancellationToken);
            var admin = await GetOrCreateUserAsync(organization, $"admin@{spec.Domain}.example", $"{spec.Name} Admin", Roles.Admin, password);
            var practitioners = new List<(ApplicationUser User, Credential Credential, (string First, string Last) Name)>();
            foreach (var (local, credential) in PractitionerLogins(spec))
            {
                var name = PractitionerNames[practitionerIndex++];
                var user = await GetOrCreateUserAsync(organization, $"{local}@{spec.Domain}.example", $"{name.First} {name.Last}", Roles.Practitioner, password);
                practitioners.Add((user, credential, name));
            }

            added |= await AddClinicalDataAsync(organization, spec, admin, practitioners, PatientNames.AsMemory(patientIndex, spec.PatientCount), cancellationToken);
            patientIndex += spec.PatientCount;
        }

        if (added)
        {
            // Without statistics the planner may read an authorization through a whole organization's index
            // range, and SERIALIZABLE then locks every row it passed: give it the numbers now, not at autovacuum's pace.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }

        return added;
    }

    private static IEnumerable<(string Local, Credential Credential)> PractitionerLogins(DemoOrganization spec)
    {
        for (var i = 1; i <= spec.Bcbas; i++)
        {
            yield return ($"bcba{i}", Credential.BCBA);
        }

        for (var i = 1; i <= spec.Rbts; i++)
        {
            yield return ($"rbt{i}", Credential.RBT);
        }
    }

    private async Task<Organization> GetOrCreateOrganizationAsync(DemoOrganization spec, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Organizations.SingleOrDefaultAsync(o => o.Name == spec.Name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var organization = new Organization(spec.Name, spec.TimeZoneId, time.GetUtcNow());

        // The demo's practitioners see every client, so its journeys need no caseload first.
        organization.ChangeSecurity(organization.TwoFactorPolicy, organization.IdleLogoffMinutes, caseloadAccess: false);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return organization;
    }

    private async Task<ApplicationUser> GetOrCreateUserAsync(Organization organization, string email, string displayName, string role, string password)
    {
        var user = await userManager.FindByEmailAsync(email);
        if (user is not null)
        {
            return user;
        }

        user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            OrganizationId = organization.Id,
            DisplayName = displayName,
        };
        Succeed(await userManager.CreateAsync(user, password), "create a demo user");
        Succeed(await userManager.AddToRoleAsync(user, role), "give a demo user a role");
        return user;
    }

    private async Task<bool> AddClinicalDataAsync(
        Organization organization,
        DemoOrganization spec,
        ApplicationUser admin,
        List<(ApplicationUser User, Credential Credential, (string First, string Last) Name)> practitioners,
        ReadOnlyMemory<(string First, string Last)> patientNames,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Patients.IgnoreQueryFilters().AnyAsync(p => p.OrganizationId == organization.Id, cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var today = time.Today(organization.TimeZoneId);
        foreach (var (user, credential, name) in practitioners)
        {
            db.Practitioners.Add(new Practitioner(organization.Id, user.Id, name.First, name.Last, user.Email!, credential));
        }

        var patients = new List<Patient>();
        for (var i = 0; i < patientNames.Length; i++)
        {
            var (first, last) = patientNames.Span[i];
            var patient = new Patient(
                organization.Id, first, last, new DateOnly(2014 + (i % 8), 1 + (i % 12), 1 + (i * 3 % 28)), $"{spec.Domain.ToUpperInvariant()}-M{i + 1:0000}", now, UsualPlaces[i % UsualPlaces.Length]);
            patient.ChangeBilling(new PatientBilling([AutismDiagnosis], SubscriberRelationship.Parent, ParentNames[i % ParentNames.Length], last));
            patients.Add(patient);
        }

        db.Patients.AddRange(patients);

        // Medicaid is the default; a patient's authorizations all belong to one payer, the patients taking turns.
        Payer[] payers = [.. DemoPayers.Select((terms, i) => new Payer(organization.Id, terms, isDefault: i == 0))];
        db.Payers.AddRange(payers);

        // Small authorizations go to assessments and family guidance, larger ones to supervision, the largest to treatment.
        var codes = new List<(Patient Patient, string Code)>();
        var extras = spec.UnitsOfFifty + spec.UnitsOfTwoHundred + spec.UnitsOfThousand - (2 * patients.Count);
        for (var i = 0; i < extras; i++)
        {
            codes.Add((patients[i % patients.Count], ExtraServiceCodes[i % ExtraServiceCodes.Length]));
        }

        codes.AddRange(patients.Select(p => (p, ServiceCode.ProtocolModification)));
        codes.AddRange(patients.Select(p => (p, ServiceCode.TreatmentByProtocol)));
        var units = Enumerable.Repeat(50, spec.UnitsOfFifty)
            .Concat(Enumerable.Repeat(200, spec.UnitsOfTwoHundred))
            .Concat(Enumerable.Repeat(1000, spec.UnitsOfThousand))
            .ToList();

        for (var i = 0; i < codes.Count; i++)
        {
            var (patient, code) = codes[i];
            var payer = payers[patients.IndexOf(patient) % payers.Length];
            var limits = payer == payers[CommercialPayer] && code == ServiceCode.TreatmentByProtocol ? CommercialTreatmentLimits : null;
            var authorization = new Authorization(
                organization.Id, patient.Id, payer.Id, code, $"{spec.Domain.ToUpperInvariant()}-{code}-{i + 1:00}", today.AddDays(-30), today.AddDays(150), units[i], now, limits);
            db.Authorizations.Add(authorization);
            db.UnitLedger.Add(new UnitLedgerEntry(
                organization.Id, authorization.Id, LedgerEntryKind.Adjust, units[i], units[i], today, admin.Id, "Authorization opened (demo data)", null, null, now));
        }

        db.AuditEvents.Add(new AuditEvent(organization.Id, admin.Id, "demo-data.seed", "organization", organization.Id.ToString(), $$"""{"authorizations":{{codes.Count}}}""", now));
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, spec.Name, patients.Count, codes.Count);
        return true;
    }

    private static void Succeed(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data loaded for {Organization}: {Patients} patients, {Authorizations} authorizations")]
    private static partial void LogSeeded(ILogger logger, string organization, int patients, int authorizations);

    private sealed record DemoOrganization(
        string Name,
        string Domain,
        string TimeZoneId,
        int PatientCount,
        int Bcbas,
        int Rbts,
        int UnitsOfFifty,
        int UnitsOfTwoHundred,
        int UnitsOfThousand);
}
