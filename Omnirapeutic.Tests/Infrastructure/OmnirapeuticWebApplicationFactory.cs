using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>The real web app on its own fresh database, migrated and loaded with the demo data at startup.</summary>
public sealed class OmnirapeuticWebApplicationFactory(string connectionString, string environment = "Development")
    : WebApplicationFactory<Program>
{
    public static async Task<OmnirapeuticWebApplicationFactory> StartAsync(PostgresServer postgres, string environment = "Development")
    {
        var factory = new OmnirapeuticWebApplicationFactory(await postgres.CreateMigratedDatabaseAsync(), environment);
        factory.StartServer();
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Omnirapeutic", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Seed:DemoData", "true");
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
