using Microsoft.Extensions.Logging;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>The Core services on a fresh migrated database, with one organization, one patient and an admin actor.</summary>
public sealed class CoreServices : IAsyncDisposable
{
    /// <summary>A test clinic's default payer: Midpoint rounding, 97155 over 97153 allowed, telehealth paid.</summary>
    public static readonly PayerTerms DefaultPayer = new(
        "Default payer", UnitRoundingRule.Midpoint, Payer.DefaultConcurrentCodes, true, DayOfWeek.Sunday, Payer.MinimumSupervisionPercent, new Dictionary<string, decimal>());

    private CoreServices(ServiceProvider services, string connectionString)
    {
        Services = services;
        ConnectionString = connectionString;
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="tune">Changes to the connection string, such as a deliberately small pool.</param>
    /// <param name="time">The clock every service reads; a fake one must be advanced by hand, retries' backoff included.</param>
    public static async Task<CoreServices> StartAsync(PostgresServer postgres, Action<NpgsqlConnectionStringBuilder>? tune = null, TimeProvider? time = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(await postgres.CreateMigratedDatabaseAsync());
        tune?.Invoke(builder);
        return OnDatabase(builder.ConnectionString, time);
    }

    /// <summary>Another node's Core services on the same database: its own lanes, pool and metrics, as a second web node has.</summary>
    public CoreServices AnotherNode() => OnDatabase(ConnectionString, null);

    private static CoreServices OnDatabase(string connectionString, TimeProvider? time)
    {
        var collection = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging());
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        return new CoreServices(collection.AddCore(connectionString).BuildServiceProvider(), connectionString);
    }

    /// <summary>What the patients made here carry, so their verified sessions can be billed: autism, the client holding the policy.</summary>
    public static readonly PatientBilling Diagnosed = new(["F84.0"]);

    /// <summary>A new organization with one patient; the actor is a user id the ledger records as its admin.</summary>
    public async Task<(Actor Actor, Guid PatientId)> AddClinicAsync()
    {
        await using var db = await Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync();
        var organization = new Organization($"Clinic {Guid.NewGuid():N}", "America/New_York", DateTimeOffset.UtcNow);
        var patient = new Patient(organization.Id, "Test", "Patient", new DateOnly(2018, 5, 1), $"M-{Guid.NewGuid():N}", DateTimeOffset.UtcNow);
        patient.ChangeBilling(Diagnosed);
        db.Organizations.Add(organization);
        db.Payers.Add(new Payer(organization.Id, DefaultPayer, isDefault: true));
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return (new Actor(organization.Id, Guid.NewGuid()), patient.Id);
    }

    /// <summary>A new organization whose actor is a real admin user (for the user administration rules).</summary>
    public async Task<Actor> AddClinicWithAdminAsync()
    {
        var (clinic, _) = await AddClinicAsync();
        var adminId = await Get<UserAdministration>().CreateAsync(
            clinic, new NewUser("First Admin", $"admin-{Guid.NewGuid():N}@example.test", "Strong-Password-1!", Roles.Admin));
        return clinic with { UserId = adminId };
    }

    /// <summary>A practitioner of the actor's organization (no sign-in needed for scheduling in Core).</summary>
    public async Task<Guid> AddPractitionerAsync(Actor actor, Credential credential)
    {
        await using var db = await Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync();
        var practitioner = new Practitioner(actor.OrganizationId, null, credential.ToString(), "Clinician", $"{Guid.NewGuid():N}@example.test", credential);
        db.Practitioners.Add(practitioner);
        await db.SaveChangesAsync();
        return practitioner.Id;
    }

    /// <summary>
    /// A practitioner who signs in: a user of the admin's organization with its practitioner profile and (unless told
    /// otherwise) an NPI, as a session needs before it is verified and billed.
    /// </summary>
    public async Task<(Actor Actor, Guid PractitionerId)> AddPractitionerUserAsync(Actor admin, string name, Credential credential = Credential.RBT, bool withNpi = true)
    {
        var names = name.Split(' ');
        var id = await Get<UserAdministration>().CreateAsync(
            admin, new NewUser(name, $"{Guid.NewGuid():N}@example.test", "Strong-Password-1!", Roles.Practitioner, names[0], names[1], credential));
        var practitioner = await Get<PractitionerDirectory>().FindByUserAsync(admin.OrganizationId, id);
        if (withNpi)
        {
            await Get<PractitionerDirectory>().SetNpiAsync(admin, practitioner!.Id, TestNpi.Next());
        }

        return (admin with { UserId = id }, practitioner!.Id);
    }

    /// <summary>Another patient of the actor's organization.</summary>
    public async Task<Guid> AddPatientAsync(Actor actor)
    {
        await using var db = await Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync();
        var patient = new Patient(actor.OrganizationId, "Other", "Patient", new DateOnly(2017, 2, 3), $"M-{Guid.NewGuid():N}", DateTimeOffset.UtcNow);
        patient.ChangeBilling(Diagnosed);
        db.Patients.Add(patient);
        await db.SaveChangesAsync();
        return patient.Id;
    }

    /// <summary>A new authorization through the ledger, active from 30 days ago unless other dates are given.</summary>
    public Task<AuthorizationBalance> AddAuthorizationAsync(
        Actor actor, Guid patientId, int totalUnits, string serviceCode = ServiceCode.TreatmentByProtocol, DateOnly? start = null, DateOnly? end = null, Guid? payerId = null)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return Get<UnitLedger>().CreateAsync(actor, new NewAuthorization(
            patientId, serviceCode, $"A-{Guid.NewGuid():N}"[..20], start ?? today.AddDays(-30), end ?? today.AddDays(150), totalUnits, payerId));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
