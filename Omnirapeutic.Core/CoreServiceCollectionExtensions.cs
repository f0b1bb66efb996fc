using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Calendars;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Core;

public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddCore(this IServiceCollection services, string connectionString)
    {
        services.AddDbContextFactory<OmnirapeuticDbContext>(options => options.UseOmnirapeuticDatabase(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                // Failed sign-ins are counted per address by SignInThrottle; Identity's lockout is the admin's lock.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<OmnirapeuticDbContext>()
            .AddClaimsPrincipalFactory<OmnirapeuticClaimsPrincipalFactory>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseSettingsCheck>();
        services.AddScoped<DemoDataSeeder>();
        services.AddMetrics();
        services.AddSingleton<OmnirapeuticMetrics>();
        services.AddSingleton(new WriteConnection(connectionString));
        services.AddSingleton<SerializableUnitOfWork>();
        services.AddSingleton<OrganizationLane>();
        services.AddSingleton<UnitLedger>();
        services.AddSingleton<AuthorizationDirectory>();
        services.AddSingleton<UtilizationReport>();
        services.AddSingleton<AuthorizationWorklist>();
        services.AddSingleton<IntegrityCheck>();
        services.AddSingleton<AppointmentScheduler>();
        services.AddSingleton<AppointmentBook>();
        services.AddSingleton<SlotFinder>();
        services.AddSingleton<AvailabilityDirectory>();
        services.AddSingleton<SessionRecordWriter>();
        services.AddSingleton<SessionNotes>();
        services.AddSingleton<SessionVerification>();
        services.AddSingleton<ClaimBatches>();
        services.AddSingleton<RevenueReport>();
        services.AddSingleton<SupervisionReport>();
        services.AddSingleton<SupervisionPlanner>();
        services.AddSingleton<SupervisionMeetings>();
        services.AddSingleton<BillingProviders>();
        services.AddSingleton<OrganizationSecurity>();
        services.AddSingleton<CalendarFeeds>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<AuditRetention>();
        services.AddOptions<AuditRetentionOptions>();
        services.AddSingleton<OrganizationDirectory>();
        services.AddSingleton<PractitionerDirectory>();
        services.AddSingleton<Caseload>();
        services.AddSingleton<PatientDirectory>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<PatientRegistry>();
        services.AddSingleton<OrganizationAdministration>();
        services.AddSingleton<PayerDirectory>();
        services.AddOptions<SignInThrottleOptions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<RefreshTokenRotation>();
        services.AddSingleton<ExpiredRecords>();
        return services;
    }
}
