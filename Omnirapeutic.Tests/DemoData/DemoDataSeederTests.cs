using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.DemoData;

/// <summary>The seed report's fixture, loaded once into a fresh database for the whole class.</summary>
public sealed class DemoDataSeederTests(PostgresServer postgres) : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private bool _firstLoadAdded;

    public async ValueTask InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddCore(await postgres.CreateMigratedDatabaseAsync())
            .BuildServiceProvider();
        _firstLoadAdded = await SeedAsync();
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Seed_CreatesTheThreeOrganizationsWithTheirPatients()
    {
        await using var db = await CreateContextAsync();

        var patients = await db.Organizations
            .Select(o => new { o.Name, Patients = db.Patients.IgnoreQueryFilters().Count(p => p.OrganizationId == o.Id) })
            .ToDictionaryAsync(o => o.Name, o => o.Patients, TestContext.Current.CancellationToken);

        Assert.True(_firstLoadAdded);
        Assert.Equal(new Dictionary<string, int> { ["OrgA"] = 10, ["OrgB"] = 5, ["OrgC"] = 5 }, patients);
        var places = await db.Patients.IgnoreQueryFilters().GroupBy(p => p.UsualPlaceOfService).ToDictionaryAsync(g => g.Key, g => g.Count(), TestContext.Current.CancellationToken);
        Assert.Equal(new Dictionary<string, int> { ["11"] = 11, ["12"] = 5, ["03"] = 4 }, places);
    }

    /// <summary>The seeder is the one writer that bypasses the lane (a bulk loader): the integrity check must pass after it.</summary>
    [Fact]
    public async Task Seed_LeavesEveryOrganizationsLedgerAndBalancesConsistent()
    {
        await using var db = await CreateContextAsync();
        var organizations = await db.Organizations.Select(o => o.Id).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, organizations.Count);
        foreach (var organizationId in organizations)
        {
            Assert.Empty(await _services.GetRequiredService<IntegrityCheck>().FindViolationsAsync(organizationId, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Seed_Creates55AuthorizationsOfTheFixturesSizes()
    {
        await using var db = await CreateContextAsync();

        var sizes = await db.Authorizations.IgnoreQueryFilters()
            .GroupBy(a => a.TotalUnits)
            .ToDictionaryAsync(g => g.Key, g => g.Count(), TestContext.Current.CancellationToken);

        Assert.Equal(new Dictionary<int, int> { [50] = 10, [200] = 20, [1000] = 25 }, sizes);
    }

    [Fact]
    public async Task Seed_GivesEveryPatientTreatmentAndSupervisionAuthorizations()
    {
        await using var db = await CreateContextAsync();

        var patientsMissingOne = await db.Patients.IgnoreQueryFilters()
            .CountAsync(
                p => !db.Authorizations.IgnoreQueryFilters().Any(a => a.PatientId == p.Id && a.ServiceCode == ServiceCode.TreatmentByProtocol)
                    || !db.Authorizations.IgnoreQueryFilters().Any(a => a.PatientId == p.Id && a.ServiceCode == ServiceCode.ProtocolModification),
                TestContext.Current.CancellationToken);
        var otherCodes = await db.Authorizations.IgnoreQueryFilters()
            .Where(a => a.ServiceCode != ServiceCode.TreatmentByProtocol && a.ServiceCode != ServiceCode.ProtocolModification)
            .Select(a => a.ServiceCode)
            .Distinct()
            .OrderBy(c => c)
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, patientsMissingOne);
        Assert.Equal([ServiceCode.Assessment, ServiceCode.FamilyGuidance, ServiceCode.MultiFamilyGroup], otherCodes);
    }

    [Fact]
    public async Task Seed_GivesEveryOrganizationAtLeastTwoFiftyUnitAuthorizations()
    {
        await using var db = await CreateContextAsync();

        var fewest = await db.Organizations
            .Select(o => db.Authorizations.IgnoreQueryFilters().Count(a => a.OrganizationId == o.Id && a.TotalUnits == 50))
            .MinAsync(TestContext.Current.CancellationToken);

        Assert.True(fewest >= 2, $"An organization has only {fewest} 50-unit authorizations.");
    }

    [Fact]
    public async Task Seed_OpensEveryAuthorizationUnusedFromThirtyDaysAgoToOneHundredFiftyAhead()
    {
        await using var db = await CreateContextAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var authorizations = await db.Authorizations.IgnoreQueryFilters().ToListAsync(TestContext.Current.CancellationToken);

        Assert.All(authorizations, a =>
        {
            Assert.Equal(0, a.UsedUnits);
            Assert.Equal(0, a.ScheduledUnits);
            Assert.Equal(AuthorizationStatus.Active, a.Status);
            Assert.Equal(180, a.EndDate.DayNumber - a.StartDate.DayNumber);
            Assert.InRange(a.StartDate.DayNumber, today.AddDays(-31).DayNumber, today.AddDays(-29).DayNumber);
        });
    }

    [Fact]
    public async Task Seed_WritesALedgerEntryThatOpensEveryAuthorization()
    {
        await using var db = await CreateContextAsync();

        var mismatches = await db.Authorizations.IgnoreQueryFilters()
            .CountAsync(
                a => a.TotalUnits != db.UnitLedger.IgnoreQueryFilters().Where(e => e.AuthorizationId == a.Id).Sum(e => e.TotalDelta),
                TestContext.Current.CancellationToken);

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public async Task Seed_CreatesTheDemoSignInsWithTheirRolesAndPractitioners()
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var db = await CreateContextAsync();
        string[] admins = ["admin@orga.example", "admin@orgb.example", "admin@orgc.example"];
        string[] practitioners =
        [
            "bcba1@orga.example", "bcba2@orga.example", "rbt1@orga.example", "rbt2@orga.example", "rbt3@orga.example",
            "rbt4@orga.example", "bcba1@orgb.example", "rbt1@orgb.example", "bcba1@orgc.example", "rbt1@orgc.example",
        ];

        foreach (var email in admins)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.Equal([Roles.Admin], await users.GetRolesAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, DemoDataSeeder.DefaultPassword));
        }

        foreach (var email in practitioners)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.Equal([Roles.Practitioner], await users.GetRolesAsync(user));
            var credential = await db.Practitioners.IgnoreQueryFilters()
                .Where(p => p.UserId == user.Id && p.OrganizationId == user.OrganizationId)
                .Select(p => p.Credential)
                .SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(email.StartsWith("rbt", StringComparison.Ordinal) ? Credential.RBT : Credential.BCBA, credential);
        }

        Assert.Equal(13, await db.Users.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(10, await db.Practitioners.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SeedAgain_AddsNothing()
    {
        var before = await CountRowsAsync();

        var added = await SeedAsync();

        Assert.False(added);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<bool> SeedAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(DemoDataSeeder.DefaultPassword, TestContext.Current.CancellationToken);
    }

    private async Task<OmnirapeuticDbContext> CreateContextAsync() =>
        await _services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    private async Task<string> CountRowsAsync()
    {
        await using var db = await CreateContextAsync();
        var ct = TestContext.Current.CancellationToken;
        return string.Join(
            ",",
            await db.Organizations.CountAsync(ct),
            await db.Users.CountAsync(ct),
            await db.UserRoles.CountAsync(ct),
            await db.Practitioners.IgnoreQueryFilters().CountAsync(ct),
            await db.Patients.IgnoreQueryFilters().CountAsync(ct),
            await db.Authorizations.IgnoreQueryFilters().CountAsync(ct),
            await db.UnitLedger.IgnoreQueryFilters().CountAsync(ct),
            await db.AuditEvents.IgnoreQueryFilters().CountAsync(ct));
    }
}
