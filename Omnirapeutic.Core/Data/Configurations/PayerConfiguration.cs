using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class PayerConfiguration : IEntityTypeConfiguration<Payer>
{
    public void Configure(EntityTypeBuilder<Payer> builder)
    {
        builder.ToTable("payers", t =>
        {
            t.HasCheckConstraint("ck_payers_supervision_percent", "supervision_percent BETWEEN 5 AND 100");
            t.HasCheckConstraint("ck_payers_renewal_lead_days", "renewal_lead_days BETWEEN 0 AND 365");
            t.HasCheckConstraint("ck_payers_timely_filing_days", $"timely_filing_days BETWEEN 1 AND {Payer.MaxTimelyFilingDays}");
            // Each element names two different service codes, as Payer stores them.
            t.HasCheckConstraint("ck_payers_concurrent_codes", "concurrent_codes <@ ARRAY['97151+97153', '97151+97155', '97151+97156', '97151+97157', '97153+97151', '97153+97155', '97153+97156', '97153+97157', '97155+97151', '97155+97153', '97155+97156', '97155+97157', '97156+97151', '97156+97153', '97156+97155', '97156+97157', '97157+97151', '97157+97153', '97157+97155', '97157+97156']::text[]");
        });
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasIndex(p => new { p.OrganizationId, p.Name }).IsUnique();
        builder.HasIndex(p => p.OrganizationId).IsUnique().HasFilter("is_default").HasDatabaseName("ix_payers_one_default");
        builder.Property(p => p.SupervisionPercent).HasPrecision(5, 2);
        builder.Property(p => p.RenewalLeadDays).HasDefaultValue(Payer.DefaultRenewalLeadDays);
        builder.Property(p => p.TimelyFilingDays).HasDefaultValue(Payer.DefaultTimelyFilingDays);
        builder.Property<List<string>>("_concurrentCodes").HasColumnName("concurrent_codes");
        builder.Property<Dictionary<string, decimal>>("_fees").HasColumnName("fees").HasColumnType("jsonb")
            .HasConversion(
                fees => JsonSerializer.Serialize(fees, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, decimal>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, decimal>(),
                new ValueComparer<Dictionary<string, decimal>>(
                    (a, b) => SameFees(a!, b!),
                    fees => fees.Count,
                    fees => fees.ToDictionary(f => f.Key, f => f.Value)));
        builder.Property<Dictionary<string, string>>("_credentialModifiers").HasColumnName("credential_modifiers").HasColumnType("jsonb")
            .HasConversion(
                modifiers => JsonSerializer.Serialize(modifiers, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && a.All(m => b.GetValueOrDefault(m.Key) == m.Value),
                    modifiers => modifiers.Count,
                    modifiers => modifiers.ToDictionary(m => m.Key, m => m.Value)));
        builder.Ignore(p => p.ConcurrentCodes);
        builder.Ignore(p => p.Fees);
        builder.Ignore(p => p.CredentialModifiers);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }

    private static bool SameFees(Dictionary<string, decimal> a, Dictionary<string, decimal> b) =>
        a.Count == b.Count && a.All(fee => b.TryGetValue(fee.Key, out var other) && other == fee.Value);
}
