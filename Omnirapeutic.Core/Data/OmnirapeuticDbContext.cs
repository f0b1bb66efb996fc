using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Calendars;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Data;

public sealed class OmnirapeuticDbContext(DbContextOptions<OmnirapeuticDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>
    /// The tenant whose clinical data the query filters let through. A context without one sees no clinical
    /// rows at all (fail closed); seeding and integrity checks opt out with <c>IgnoreQueryFilters</c>.
    /// </summary>
    internal Guid? OrganizationId { get; set; }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Practitioner> Practitioners => Set<Practitioner>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<ServiceCode> ServiceCodes => Set<ServiceCode>();

    public DbSet<Payer> Payers => Set<Payer>();

    public DbSet<Authorization> Authorizations => Set<Authorization>();

    public DbSet<UnitLedgerEntry> UnitLedger => Set<UnitLedgerEntry>();

    public DbSet<UnitPeriod> UnitPeriods => Set<UnitPeriod>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();

    public DbSet<IssuedRefreshToken> RefreshTokens => Set<IssuedRefreshToken>();

    public DbSet<SignInAttempts> SignInAttempts => Set<SignInAttempts>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    public DbSet<WorkingHours> WorkingHours => Set<WorkingHours>();

    public DbSet<TimeOff> TimeOff => Set<TimeOff>();

    public DbSet<ClientAvailability> ClientAvailability => Set<ClientAvailability>();

    public DbSet<SessionNote> SessionNotes => Set<SessionNote>();

    public DbSet<NoteAddendum> NoteAddenda => Set<NoteAddendum>();

    public DbSet<SessionReturn> SessionReturns => Set<SessionReturn>();

    public DbSet<ClaimBatch> ClaimBatches => Set<ClaimBatch>();

    public DbSet<ClaimLine> ClaimLines => Set<ClaimLine>();

    public DbSet<SupervisionMeeting> SupervisionMeetings => Set<SupervisionMeeting>();

    /// <summary>Authorizations this unit of work changed, by id, with their new version: announced before COMMIT.</summary>
    internal Dictionary<Guid, BalanceChanged> ChangedBalances { get; } = [];

    /// <summary>
    /// Sessions of these authorizations changed state without moving units (a note signed, a review, a claim): the
    /// commit announces each at its unchanged version, so every page that shows its sessions redraws them on every node.
    /// </summary>
    internal async Task AnnounceSessionsChangedAsync(Guid organizationId, IEnumerable<Guid> authorizationIds, CancellationToken cancellationToken)
    {
        var ids = authorizationIds.Distinct().ToList();
        var versions = await Authorizations.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Version }).ToListAsync(cancellationToken);
        foreach (var authorization in versions)
        {
            ChangedBalances.TryAdd(authorization.Id, new BalanceChanged(organizationId, authorization.Id, authorization.Version));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(20);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ApplicationUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.HasPostgresExtension("btree_gist");
        builder.ApplyConfigurationsFromAssembly(typeof(OmnirapeuticDbContext).Assembly);
        builder.Entity<Practitioner>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<Patient>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<Payer>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<Authorization>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<UnitLedgerEntry>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<UnitPeriod>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<Appointment>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<AuditEvent>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<IdempotencyRecord>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<WorkingHours>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<TimeOff>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<ClientAvailability>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<SessionNote>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<NoteAddendum>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<SessionReturn>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<ClaimBatch>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<ClaimLine>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
        builder.Entity<SupervisionMeeting>().HasQueryFilter(e => e.OrganizationId == OrganizationId);
    }
}
