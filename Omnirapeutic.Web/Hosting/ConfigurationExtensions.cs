using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Hosting;

internal static class ConfigurationExtensions
{
    public static string GetRequiredConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"Set the connection string '{DatabaseOptions.ConnectionStringName}' (environment variable ConnectionStrings__{DatabaseOptions.ConnectionStringName}).");
}
