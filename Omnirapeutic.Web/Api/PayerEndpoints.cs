using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Web.Api;

internal static class PayerEndpoints
{
    public static RouteGroupBuilder MapPayerEndpoints(this RouteGroupBuilder api)
    {
        var payers = api.MapGroup("/payers").WithTags("Payers").ProducesProblem(StatusCodes.Status409Conflict);
        payers.MapGet("/", ListAsync);
        payers.MapGet("/{id:guid}", GetAsync);
        payers.MapPost("/", CreateAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        payers.MapPut("/{id:guid}", ChangeAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PayerView>>> ListAsync(ClaimsPrincipal user, PayerDirectory payers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await payers.ListAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Ok<PayerView>> GetAsync(Guid id, ClaimsPrincipal user, PayerDirectory payers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await payers.GetAsync(user.GetOrganizationId(), id, cancellationToken));

    private static async Task<Created<PayerView>> CreateAsync(
        PayerRequest request, ClaimsPrincipal user, PayerDirectory payers, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        var terms = await request.ToTermsAsync(user.GetOrganizationId(), organizations, cancellationToken);
        var created = await payers.CreateAsync(user.ToActor(), terms, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/payers/{created.Id}", created);
    }

    private static async Task<Ok<PayerView>> ChangeAsync(
        Guid id, PayerRequest request, ClaimsPrincipal user, PayerDirectory payers, OrganizationDirectory organizations, CancellationToken cancellationToken)
    {
        var terms = await request.ToTermsAsync(user.GetOrganizationId(), organizations, cancellationToken);
        return TypedResults.Ok(await payers.ChangeAsync(user.ToActor(), id, terms, cancellationToken));
    }

    /// <summary>
    /// A payer's terms as the API takes them. Left out: the organization's rounding rule, the 97155-over-97153 pair,
    /// telehealth paid, weeks from Sunday, the BACB's 5 % supervision, no fees, RBT HM, BCaBA HN, BCBA HO, renewals
    /// due 60 days before the end, each practitioner billing under their own NPI, claims taken 90 days after the session
    /// and no caregiver signature.
    /// </summary>
    internal sealed record PayerRequest(
        [property: JsonRequired] string Name,
        UnitRoundingRule? RoundingRule = null,
        IReadOnlyList<IReadOnlyList<string>>? ConcurrentCodePairs = null,
        bool? AllowsTelehealth = null,
        DayOfWeek? WeekStartsOn = null,
        decimal? SupervisionSharePercent = null,
        IReadOnlyDictionary<string, decimal>? Fees = null,
        IReadOnlyDictionary<string, string>? CredentialModifiers = null,
        int? RenewalLeadDays = null,
        bool? BillsUnderSupervisor = null,
        int? TimelyFilingDays = null,
        bool? RequiresCaregiverSignature = null)
    {
        public async Task<PayerTerms> ToTermsAsync(Guid organizationId, OrganizationDirectory organizations, CancellationToken cancellationToken)
        {
            var pairs = ConcurrentCodePairs?.Select(pair => pair is [var code, var over]
                    ? new CodePair(code, over)
                    : throw DomainException.Invalid("invalid-payer", "Each concurrent code pair names two service codes, e.g. [\"97155\",\"97153\"]."))
                .ToList();
            static Credential Credential(string name) =>
                Enum.TryParse<Credential>(name, out var credential) && Enum.IsDefined(credential) && credential.ToString() == name
                    ? credential
                    : throw DomainException.Invalid("invalid-payer", "Modifiers are mapped from the credentials BCBA, BCaBA and RBT.");

            var roundingRule = RoundingRule ?? (await organizations.GetSettingsAsync(organizationId, cancellationToken)).RoundingRule;
            return new PayerTerms(
                Name,
                roundingRule,
                pairs ?? [.. Payer.DefaultConcurrentCodes],
                AllowsTelehealth ?? true,
                WeekStartsOn ?? DayOfWeek.Sunday,
                SupervisionSharePercent ?? Payer.MinimumSupervisionPercent,
                Fees ?? new Dictionary<string, decimal>(),
                CredentialModifiers?.ToDictionary(m => Credential(m.Key), m => m.Value),
                RenewalLeadDays ?? Payer.DefaultRenewalLeadDays,
                BillsUnderSupervisor ?? false,
                TimelyFilingDays ?? Payer.DefaultTimelyFilingDays,
                RequiresCaregiverSignature ?? false);
        }
    }
}
