using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Omnirapeutic.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<OmnirapeuticDbContext>
{
    public OmnirapeuticDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Omnirapeutic")
            ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=omnirapeutic";
        var options = new DbContextOptionsBuilder<OmnirapeuticDbContext>();
        options.UseOmnirapeuticDatabase(connectionString);
        return new OmnirapeuticDbContext(options.Options);
    }
}
