using Omnirapeutic.Core.Identity;
using Microsoft.AspNetCore.Identity;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Omnirapeutic.Core.DemoData;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// The real web app on its own fresh database, migrated and loaded with the demo data at startup.
/// Rate limits are off unless a test passes its own settings.
/// </summary>
public sealed class OmnirapeuticWebApplicationFactory(
    string connectionString, string environment, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <param name="services">Replaces registrations after the app's own, e.g. one service's clock.</param>
    public static async Task<OmnirapeuticWebApplicationFactory> StartAsync(
        PostgresServer postgres,
        string environment = "Development",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var factory = new OmnirapeuticWebApplicationFactory(
            await postgres.CreateMigratedDatabaseAsync(), environment, settings ?? new Dictionary<string, string?>(), services);
        factory.StartServer();
        return factory;
    }

    /// <summary>The app on Kestrel on a free loopback port, for what only a real server does.</summary>
    public static async Task<OmnirapeuticWebApplicationFactory> StartOnKestrelAsync(PostgresServer postgres) =>
        StartOnKestrel(await postgres.CreateMigratedDatabaseAsync());

    /// <summary>Another web node on the same database, as behind a load balancer.</summary>
    public static OmnirapeuticWebApplicationFactory StartOnKestrel(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new OmnirapeuticWebApplicationFactory(connectionString, "Development", settings ?? new Dictionary<string, string?>());
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        factory.ClientOptions.BaseAddress = new Uri(address);
        return factory;
    }

    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Omnirapeutic", connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Seed:DemoPassword", DemoDataSeeder.DefaultPassword);
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>The user with this email, as the actor a Core service is called for.</summary>
    public async Task<Actor> ActorOfAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user has the email {email}.");
        return new Actor(user.OrganizationId, user.Id);
    }

    /// <summary>An API client signed in through <c>/api/v1/auth/login</c> with the demo password.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = ClientOptions.BaseAddress });
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoDataSeeder.DefaultPassword });
        response.EnsureSuccessStatusCode();
        using var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.RootElement.GetProperty("accessToken").GetString());
        return client;
    }
}
