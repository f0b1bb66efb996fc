using System.Diagnostics;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.LiveBench;
using Omnirapeutic.Web.Live;

// Commit-to-render latency of live updates through the real listener, fan-out and notifier: N subscribed pages,
// each on a renderer of its own as each browser's circuit is, one balance changed at a steady rate through the
// unit ledger. Prints, per N, p50/p95/max from a change to its drawing on every page (the last page to draw it),
// counted from the start of the ledger call: an upper bound of commit to render, as it includes the transaction.
// Usage: load/live.sh (it starts PostgreSQL and a fresh database), or LOAD_LIVE=N load/run.sh (beside the load harness);
// LIVE_SUBSCRIBERS, LIVE_RATE, LIVE_SECONDS, LIVE_LOAD, LIVE_DELAY (seconds before the first row), LIVE_ACTOR.
var subscriberCounts = (Environment.GetEnvironmentVariable("LIVE_SUBSCRIBERS") ?? "1,10,50,200").Split(',').Select(int.Parse).ToArray();
var rate = int.Parse(Environment.GetEnvironmentVariable("LIVE_RATE") ?? "20");
var seconds = int.Parse(Environment.GetEnvironmentVariable("LIVE_SECONDS") ?? "10");
var writers = int.Parse(Environment.GetEnvironmentVariable("LIVE_LOAD") ?? "0");
var delay = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("LIVE_DELAY") ?? "0"));
var measuredBy = Environment.GetEnvironmentVariable("LIVE_ACTOR") ?? "admin@orga.example";

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddCore(builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
    ?? throw new InvalidOperationException("Set ConnectionStrings__Omnirapeutic."));
builder.Services.AddLive();
using var host = builder.Build();
await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
await using (var scope = host.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(DemoDataSeeder.DefaultPassword, CancellationToken.None);
}

await host.StartAsync();
var targets = await DemoTargetsAsync(host.Services);
var (actor, authorizationId) = await MeasuredAsync(host.Services, measuredBy, targets);
var ledger = host.Services.GetRequiredService<UnitLedger>();
var notifier = host.Services.GetRequiredService<BalanceNotifier>();

Console.WriteLine($"Live updates, from the ledger call to the last subscriber's render; {rate} changes/s for {seconds} s per row");
if (writers > 0)
{
    Console.WriteLine($"meanwhile {writers} writers reserve and release 1 unit at a time on the demo data's other {targets.Count - 1} authorizations, as fast as the lanes allow");
}

await Task.Delay(delay);
Console.WriteLine("subscribers | changes | p50 ms | p95 ms | max ms | all drawn | ledger call p50 ms | background changes/s");
var missed = false;
foreach (var count in subscriberCounts)
{
    var contexts = Enumerable.Range(0, count).Select(_ => new BunitContext()).ToList();
    var pages = contexts.Select(context =>
    {
        context.Services.AddSingleton(notifier);
        return context.Render<BenchPage>(p => p
            .Add(c => c.Organization, actor.OrganizationId)
            .Add(c => c.AuthorizationId, authorizationId));
    }).ToList();

    // Not measured: the listener has heard a change and every page drew it.
    var warm = await ChangeAsync(ledger, actor, authorizationId, 0);
    await WaitForAsync(pages, warm.Version, TimeSpan.FromSeconds(30));

    using var stopLoad = new CancellationTokenSource();
    var background = Enumerable.Range(0, writers).Select(w => LoadAsync(ledger, [.. targets.Where(t => t.AuthorizationId != authorizationId)], w, stopLoad.Token)).ToList();
    var loadStarted = Stopwatch.GetTimestamp();
    var committed = new List<(long Version, long At)>();
    var calls = new List<double>();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    var started = Stopwatch.GetTimestamp();
    for (var i = 1; i <= rate * seconds; i++)
    {
        var due = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var calling = Stopwatch.GetTimestamp();
        var balance = await ChangeAsync(ledger, actor, authorizationId, i);
        committed.Add((balance.Version, calling));
        calls.Add(Stopwatch.GetElapsedTime(calling).TotalMilliseconds);
    }

    await stopLoad.CancelAsync();
    var backgroundRate = (await Task.WhenAll(background)).Sum() / Stopwatch.GetElapsedTime(loadStarted).TotalSeconds;
    var allDrawn = await WaitForAsync(pages, committed[^1].Version, TimeSpan.FromSeconds(30));
    missed |= !allDrawn;
    var latencies = committed
        .Select(c => pages.Max(p => p.Instance.DrawnAt.TryGetValue(c.Version, out var drawn) ? drawn - c.At : long.MaxValue))
        .Where(ticks => ticks != long.MaxValue)
        .Select(ticks => ticks * 1000.0 / Stopwatch.Frequency)
        .Order()
        .ToList();
    Console.WriteLine($"{count,11} | {committed.Count,7} | {Percentile(latencies, 0.50),6:F1} | {Percentile(latencies, 0.95),6:F1} | {latencies[^1],6:F1} | {(allDrawn ? "yes" : "NO"),9} | {Percentile([.. calls.Order()], 0.50),18:F1} | {backgroundRate,20:F0}");

    foreach (var context in contexts)
    {
        await context.DisposeAsync();
    }
}

await host.StopAsync();
return missed ? 1 : 0;

// One writer: reserve-then-release pairs on the authorizations in turn, until stopped; returns the changes it made.
static async Task<int> LoadAsync(UnitLedger ledger, IReadOnlyList<(Actor Actor, Guid AuthorizationId)> targets, int writer, CancellationToken stop)
{
    var changes = 0;
    for (var i = writer; !stop.IsCancellationRequested; i++)
    {
        var (actor, authorizationId) = targets[i % targets.Count];
        try
        {
            await ledger.ReserveAsync(actor, authorizationId, 1, cancellationToken: stop);
            await ledger.ReleaseAsync(actor, authorizationId, 1, cancellationToken: stop);
            changes += 2;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            break;
        }
        catch (DomainException)
        {
            // A payer's limit met by the other writers' reserves of the moment: the next authorization, then.
        }
    }

    return changes;
}

static Task<AuthorizationBalance> ChangeAsync(UnitLedger ledger, Actor actor, Guid authorizationId, int i) =>
    i % 2 == 0 ? ledger.ReserveAsync(actor, authorizationId, 1) : ledger.ReleaseAsync(actor, authorizationId, 1);

static async Task<bool> WaitForAsync(IReadOnlyList<IRenderedComponent<BenchPage>> pages, long version, TimeSpan patience)
{
    var until = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
    while (pages.Any(p => p.Instance.ShownVersion < version))
    {
        if (Stopwatch.GetTimestamp() > until)
        {
            return false;
        }

        await Task.Delay(5);
    }

    return true;
}

static double Percentile(IReadOnlyList<double> sorted, double share) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

// The user whose changes are timed and the authorization the pages show: their organization's with the most units.
static async Task<(Actor Actor, Guid AuthorizationId)> MeasuredAsync(IServiceProvider services, string email, IReadOnlyList<(Actor Actor, Guid AuthorizationId)> targets)
{
    await using var db = await services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync();
    var user = await db.Users.SingleAsync(u => u.Email == email);
    return (new Actor(user.OrganizationId, user.Id), targets.First(t => t.Actor.OrganizationId == user.OrganizationId).AuthorizationId);
}

// Every demo organization's admin with each of its active authorizations that has units to spare, the most first.
static async Task<List<(Actor Actor, Guid AuthorizationId)>> DemoTargetsAsync(IServiceProvider services)
{
    var factory = services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>();
    var targets = new List<(Actor, Guid)>();
    foreach (var email in new[] { "admin@orga.example", "admin@orgb.example", "admin@orgc.example" })
    {
        await using var db = await factory.CreateDbContextAsync();
        var admin = await db.Users.SingleAsync(u => u.Email == email);
        await using var organization = await factory.CreateForOrganizationAsync(admin.OrganizationId);
        var authorizations = await organization.Authorizations
            .Where(a => a.Status == AuthorizationStatus.Active && a.TotalUnits - a.UsedUnits - a.ScheduledUnits >= 10)
            .OrderByDescending(a => a.TotalUnits - a.UsedUnits - a.ScheduledUnits)
            .Select(a => a.Id)
            .ToListAsync();
        targets.AddRange(authorizations.Select(id => (new Actor(admin.OrganizationId, admin.Id), id)));
    }

    return targets;
}
