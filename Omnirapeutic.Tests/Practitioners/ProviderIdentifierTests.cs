using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Practitioners;

/// <summary>
/// The identifiers a claim needs: practitioners' NPIs (ten digits, the last CMS's Luhn check digit over 80840 and the
/// first nine) and the organization's billing NPI and tax id, checked alike by the domain and the database.
/// </summary>
public sealed class ProviderIdentifierTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_admin, _) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData("1234567893", "1234567893")]
    [InlineData(" 1245319599 ", "1245319599")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void AValidNpi_IsKeptAsItsDigits_AndNoneIsNull(string? entered, string? stored) => Assert.Equal(stored, ProviderNpi.Parse(entered));

    [Theory]
    [InlineData("1234567890", "its last digit would be 3")]
    [InlineData("1245319590", "its last digit would be 9")]
    [InlineData("123456789", "An NPI is 10 digits.")]
    [InlineData("12345678931", "An NPI is 10 digits.")]
    [InlineData("12345-7893", "An NPI is 10 digits.")]
    [InlineData("１２３４５６７８９３", "An NPI is 10 digits.")]
    public void AnNpiThatIsNotOne_IsRefused_SayingWhy(string entered, string reason)
    {
        var refusal = Assert.Throws<DomainException>(() => ProviderNpi.Parse(entered));

        Assert.Equal("invalid-npi", refusal.Code);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12-3456789", "123456789")]
    [InlineData("123456789", "123456789")]
    [InlineData(null, null)]
    public void ATaxId_IsKeptAsNineDigits(string? entered, string? stored) => Assert.Equal(stored, FederalTaxId.Parse(entered));

    [Theory]
    [InlineData("1234-56789")]
    [InlineData("12345678")]
    [InlineData("12-345678X")]
    public void ATaxIdThatIsNotOne_IsRefused(string entered) => Assert.Equal("invalid-tax-id", Assert.Throws<DomainException>(() => FederalTaxId.Parse(entered)).Code);

    [Fact]
    public async Task TheDatabasesCheck_AgreesWithTheDomain_OnEveryCheckDigitOfManyNumbers()
    {
        var random = new Random(19);
        var candidates = Enumerable.Range(0, 50)
            .Select(_ => random.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .SelectMany(first => Enumerable.Range(0, 10).Select(check => $"{first}{check}"))
            .Concat(["12345-7893", "abcdefghij", "123456789"])
            .ToList();
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT n, npi_is_valid(n) FROM unnest(@numbers) AS n", connection);
        command.Parameters.AddWithValue("numbers", candidates.ToArray());
        var byDatabase = new Dictionary<string, bool>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                byDatabase[reader.GetString(0)] = reader.GetBoolean(1);
            }
        }

        Assert.All(candidates, npi => Assert.Equal(IsValidByDomain(npi), byDatabase[npi]));
        Assert.Equal(50, byDatabase.Count(p => p.Value));
    }

    [Fact]
    public async Task APractitionersNpi_IsSetAndCleared_UniqueInTheOrganization_AndTheDatabaseRefusesABadOne()
    {
        var first = await _core.AddPractitionerAsync(_admin, Credential.BCBA);
        var second = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        var directory = _core.Get<PractitionerDirectory>();

        var set = await directory.SetNpiAsync(_admin, first, "1234567893", Ct);
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => directory.SetNpiAsync(_admin, second, "1234567893", Ct));
        var invalid = await Assert.ThrowsAsync<DomainException>(() => directory.SetNpiAsync(_admin, second, "1234567890", Ct));
        var missing = await Assert.ThrowsAsync<DomainException>(() => directory.SetNpiAsync(_admin, Guid.NewGuid(), "1245319599", Ct));
        var raw = await RawAsync($"UPDATE practitioners SET npi = '1234567890' WHERE id = '{second}'");
        var rawDuplicate = await RawAsync($"UPDATE practitioners SET npi = '1234567893' WHERE id = '{second}'");

        Assert.Equal("1234567893", set.Npi);
        Assert.Equal("duplicate-npi", duplicate.Code);
        Assert.Equal("invalid-npi", invalid.Code);
        Assert.Equal(DomainErrorKind.NotFound, missing.Kind);
        Assert.Equal(("23514", "ck_practitioners_npi"), (raw?.SqlState, raw?.ConstraintName));
        Assert.Equal(("23505", "ix_practitioners_organization_id_npi"), (rawDuplicate?.SqlState, rawDuplicate?.ConstraintName));
        Assert.Null((await directory.SetNpiAsync(_admin, first, null, Ct)).Npi);
        Assert.Equal([null, null], (await directory.ListAsync(_admin.OrganizationId, Ct)).Select(p => p.Npi));
        Assert.DoesNotContain("1234567893", await AuditDetailsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBillingProvider_IsSetAndRead_AndTheDatabaseRefusesABadTaxId()
    {
        var providers = _core.Get<BillingProviders>();

        var unset = await providers.GetAsync(_admin.OrganizationId, Ct);
        var set = await providers.SetAsync(_admin, new BillingProvider("1245319599", "12-3456789"), Ct);
        var invalid = await Assert.ThrowsAsync<DomainException>(() => providers.SetAsync(_admin, new BillingProvider("1245319590", "12-3456789"), Ct));
        var raw = await RawAsync($"UPDATE organizations SET tax_id = '12-345678' WHERE id = '{_admin.OrganizationId}'");
        var rawNpi = await RawAsync($"UPDATE organizations SET billing_npi = '1245319590' WHERE id = '{_admin.OrganizationId}'");

        Assert.Equal(new BillingProvider(null, null), unset);
        Assert.Equal(new BillingProvider("1245319599", "123456789"), set);
        Assert.Equal("invalid-npi", invalid.Code);
        Assert.Equal(set, await providers.GetAsync(_admin.OrganizationId, Ct));
        Assert.Equal(("23514", "ck_organizations_tax_id"), (raw?.SqlState, raw?.ConstraintName));
        Assert.Equal(("23514", "ck_organizations_billing_npi"), (rawNpi?.SqlState, rawNpi?.ConstraintName));
        Assert.DoesNotContain("123456789", await AuditDetailsAsync(), StringComparison.Ordinal);
    }

    private static bool IsValidByDomain(string npi)
    {
        try
        {
            return ProviderNpi.Parse(npi) == npi;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private async Task<string> AuditDetailsAsync()
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        var details = await db.AuditEvents.IgnoreQueryFilters().Where(e => e.OrganizationId == _admin.OrganizationId).Select(e => e.Details).ToListAsync(Ct);
        Assert.NotEmpty(details);
        return string.Join("\n", details);
    }

    /// <summary>The statement run as its own transaction, bypassing the domain; the refusal it met, or null.</summary>
    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);
}
