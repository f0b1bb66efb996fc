namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// A search of the organization's authorizations. Filters combine (all must hold). <see cref="ExpiringOnly"/> and
/// <see cref="LowBalanceOnly"/> use the organization's alert settings and only ever match active authorizations.
/// </summary>
public sealed record AuthorizationQuery
{
    public const int MaxPageSize = 500;

    /// <summary>Part of the patient's name, case-insensitive.</summary>
    public string? PatientName { get; init; }

    public string? ServiceCode { get; init; }

    public AuthorizationStatus? Status { get; init; }

    /// <summary>Active and ending between today and today + the organization's expiry alert days.</summary>
    public bool ExpiringOnly { get; init; }

    /// <summary>Active with at most the organization's low-balance share of the total still available.</summary>
    public bool LowBalanceOnly { get; init; }

    public AuthorizationSortField SortBy { get; init; } = AuthorizationSortField.AuthNumber;

    public bool SortDescending { get; init; }

    /// <summary>Zero-based page number.</summary>
    public int Page { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>; null returns every matching row (an export).</summary>
    public int? PageSize { get; init; } = 25;
}
