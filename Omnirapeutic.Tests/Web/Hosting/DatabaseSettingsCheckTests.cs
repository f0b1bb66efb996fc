using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Hosting;

namespace Omnirapeutic.Tests.Web.Hosting;

public sealed class DatabaseSettingsCheckTests(PostgresServer postgres)
{
    [Fact]
    public async Task AClusterWithPostgresDefaults_IsDegraded_WithOneWarningAtStartNamingEachSetting()
    {
        await using var cluster = await ScratchCluster.StartAsync();
        var logs = new FakeLogCollector();
        using var provider = new FakeLoggerProvider(logs);
        await using var app = new OmnirapeuticWebApplicationFactory(
            cluster.ConnectionString, "Production", new Dictionary<string, string?> { ["Seed:DemoData"] = "false" },
            services => services.AddSingleton<ILoggerProvider>(provider));
        app.StartServer();

        var response = await app.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Degraded", body.RootElement.GetProperty("checks").GetProperty(DatabaseSettingsHealthCheck.Name).GetString());
        var problem = body.RootElement.GetProperty("problems").GetProperty(DatabaseSettingsHealthCheck.Name).GetString()!;
        Assert.Contains("max_pred_locks_per_transaction is 64; use 256", problem, StringComparison.Ordinal);
        Assert.Contains("max_pred_locks_per_page is 2; use 32", problem, StringComparison.Ordinal);
        Assert.Contains("max_pred_locks_per_relation is -2 (32); use 4096", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("default_transaction_isolation", problem, StringComparison.Ordinal);
        var warning = Assert.Single(logs.GetSnapshot(), log => log.Level == LogLevel.Warning && log.Category == typeof(DatabaseStartup).FullName);
        Assert.Contains("max_pred_locks_per_transaction is 64; use 256", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTestCluster_HasWhatTheLaneNeeds()
    {
        await using var core = await CoreServices.StartAsync(postgres);

        Assert.Empty(await core.Get<DatabaseSettingsCheck>().FindProblemsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AStricterDefaultIsolationAndASmallPool_AreEachNamed()
    {
        await using var core = await CoreServices.StartAsync(postgres, builder =>
        {
            builder.MaxPoolSize = 4;
            builder.Options = "-c default_transaction_isolation=serializable";
        });

        var problems = await core.Get<DatabaseSettingsCheck>().FindProblemsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["default_transaction_isolation", "Maximum Pool Size (connection string)"], problems.Select(p => p.Setting));
        Assert.Equal("'serializable'", problems[0].Found);
        Assert.Equal("4", problems[1].Found);
    }

    [Fact]
    public async Task APoolLargerThanTheServerAllows_IsNamed()
    {
        await using var core = await CoreServices.StartAsync(postgres, builder => builder.MaxPoolSize = 400);

        var problem = Assert.Single(await core.Get<DatabaseSettingsCheck>().FindProblemsAsync(TestContext.Current.CancellationToken));

        Assert.Equal("max_connections", problem.Setting);
        Assert.Contains("(400 + 400)", problem.Why, StringComparison.Ordinal);
    }
}
