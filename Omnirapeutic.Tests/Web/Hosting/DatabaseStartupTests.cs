using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

public sealed class DatabaseStartupTests(PostgresServer postgres)
{
    [Fact]
    public async Task DemoData_OutsideDevelopmentWithoutAPassword_RefusesToStart()
    {
        var settings = new Dictionary<string, string?> { ["Seed:DemoPassword"] = string.Empty };

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => OmnirapeuticWebApplicationFactory.StartAsync(postgres, "Production", settings));

        Assert.Contains("Seed:DemoPassword", Flatten(refusal), StringComparison.Ordinal);
    }

    private static string Flatten(Exception exception) => exception.InnerException is null ? exception.Message : $"{exception.Message} {Flatten(exception.InnerException)}";
}
