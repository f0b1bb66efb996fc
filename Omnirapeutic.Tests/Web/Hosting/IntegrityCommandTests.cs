using System.Text.Json;
using Npgsql;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary><c>dotnet Omnirapeutic.Web.dll integrity</c> run as its own process, as an operator would.</summary>
public sealed class IntegrityCommandTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Integrity_OverEveryOrganization_ExitsZeroWhenCleanAndOneWithTheViolations()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var (otherActor, otherPatientId) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(actor, patientId, 50);
        var broken = await _core.AddAuthorizationAsync(otherActor, otherPatientId, 50);

        var (cleanExit, cleanOutput) = await RunAsync();
        await using (var connection = new NpgsqlConnection(_core.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"UPDATE authorizations SET used_units = 7 WHERE id = '{broken.Id}'", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (brokenExit, brokenOutput) = await RunAsync();

        Assert.Equal(0, cleanExit);
        Assert.Equal(0, JsonDocument.Parse(cleanOutput).RootElement.GetProperty("violations").GetArrayLength());
        Assert.Equal(1, brokenExit);
        var violation = Assert.Single(JsonDocument.Parse(brokenOutput).RootElement.GetProperty("violations").EnumerateArray());
        Assert.Equal(broken.Id, violation.GetProperty("authorizationId").GetGuid());
    }

    private async Task<(int ExitCode, string Output)> RunAsync()
    {
        var result = await AppProcess.RunAsync(_core.ConnectionString, "integrity");
        Assert.True(string.IsNullOrWhiteSpace(result.Errors), result.Errors);
        return (result.ExitCode, result.Output);
    }
}
