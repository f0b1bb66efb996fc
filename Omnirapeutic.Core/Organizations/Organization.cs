namespace Omnirapeutic.Core.Organizations;

/// <summary>A clinic: the tenant every row of clinical data belongs to.</summary>
public sealed class Organization
{
    public const int DefaultLowBalanceThresholdPercent = 20;
    public const int DefaultExpiryAlertDays = 30;
    public const int DefaultRequestedFollowUpDays = 14;
    public const int MaxRequestedFollowUpDays = 180;
    public const int DefaultCalendarStartHour = 7;
    public const int DefaultCalendarEndHour = 19;
    public const int DefaultIdleLogoffMinutes = 15;
    public const int MinIdleLogoffMinutes = 2;
    public const int MaxIdleLogoffMinutes = 240;

    private Organization()
    {
        Name = TimeZoneId = string.Empty;
    }

    public Organization(string name, string timeZoneId, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = RequireName(name);
        TimeZoneId = RequireTimeZone(timeZoneId);
        RoundingRule = UnitRoundingRule.Midpoint;
        LowBalanceThresholdPercent = DefaultLowBalanceThresholdPercent;
        ExpiryAlertDays = DefaultExpiryAlertDays;
        RequestedFollowUpDays = DefaultRequestedFollowUpDays;
        CalendarStartHour = DefaultCalendarStartHour;
        CalendarEndHour = DefaultCalendarEndHour;
        CalendarWeekStartsOn = DayOfWeek.Monday;
        IdleLogoffMinutes = DefaultIdleLogoffMinutes;
        CaseloadAccess = true;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>IANA time zone id, e.g. <c>America/New_York</c>; schedules are shown and repeated in it.</summary>
    public string TimeZoneId { get; private set; }

    public UnitRoundingRule RoundingRule { get; private set; }

    /// <summary>An authorization with this share of its units or less available raises a low-balance alert.</summary>
    public int LowBalanceThresholdPercent { get; private set; }

    /// <summary>An authorization ending within this many days raises an expiry alert.</summary>
    public int ExpiryAlertDays { get; private set; }

    /// <summary>Whether sessions may be booked on an authorization the payer has not approved yet (off unless set).</summary>
    public bool AllowSchedulingOnRequested { get; private set; }

    /// <summary>A requested authorization the payer has not answered after this many days goes on the admin's worklist.</summary>
    public int RequestedFollowUpDays { get; private set; }

    /// <summary>The first hour the calendars show (local, 0-23); sessions may still be booked outside the shown hours through the API.</summary>
    public int CalendarStartHour { get; private set; }

    /// <summary>The hour the calendars end (local, after the start, at most 24).</summary>
    public int CalendarEndHour { get; private set; }

    /// <summary>
    /// The day the calendars' weeks start on, Monday or Sunday, as the clinic prefers; a payer's weekly limits keep
    /// the payer's own week.
    /// </summary>
    public DayOfWeek CalendarWeekStartsOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Who must sign in with a second factor; off until an admin requires it.</summary>
    public TwoFactorPolicy TwoFactorPolicy { get; private set; }

    /// <summary>
    /// Minutes without activity in a page after which it signs its user out (HIPAA's automatic logoff); the sign-in
    /// cookie's sliding lifetime is the same.
    /// </summary>
    public int IdleLogoffMinutes { get; private set; }

    /// <summary>
    /// Whether a practitioner (neither admin nor front desk) sees and books only the clients on their caseload
    /// (<see cref="Patients.Caseload"/>); on for a new organization.
    /// </summary>
    public bool CaseloadAccess { get; private set; }

    public void ChangeSecurity(TwoFactorPolicy policy, int idleLogoffMinutes, bool caseloadAccess)
    {
        if (!Enum.IsDefined(policy))
        {
            throw new DomainException("invalid-two-factor-policy", "Two-factor sign-in is required of nobody (Off), of Admins or of Everyone.");
        }

        if (idleLogoffMinutes is < MinIdleLogoffMinutes or > MaxIdleLogoffMinutes)
        {
            throw new DomainException(
                "invalid-idle-logoff", $"Pages sign out after {MinIdleLogoffMinutes} to {MaxIdleLogoffMinutes} minutes without activity, not {idleLogoffMinutes}.");
        }

        (TwoFactorPolicy, IdleLogoffMinutes, CaseloadAccess) = (policy, idleLogoffMinutes, caseloadAccess);
    }

    /// <summary>Changes how the clinic schedules and alerts; every value is checked before any is applied.</summary>
    /// <summary>The billing provider's NPI on every claim (<see cref="Practitioners.ProviderNpi"/>).</summary>
    public string? BillingNpi { get; private set; }

    /// <summary>The billing provider's federal tax id, nine digits (<see cref="FederalTaxId"/>).</summary>
    public string? TaxId { get; private set; }

    public void ChangeBillingProvider(string? npi, string? taxId)
    {
        BillingNpi = Practitioners.ProviderNpi.Parse(npi);
        TaxId = FederalTaxId.Parse(taxId);
    }

    public void ChangeSettings(
        string timeZoneId, UnitRoundingRule roundingRule, int lowBalanceThresholdPercent, int expiryAlertDays, bool allowSchedulingOnRequested, int requestedFollowUpDays,
        int calendarStartHour, int calendarEndHour, DayOfWeek calendarWeekStartsOn)
    {
        var zone = RequireTimeZone(timeZoneId);
        if (!Enum.IsDefined(roundingRule))
        {
            throw new DomainException("invalid-rounding-rule", "The rounding rule must be Midpoint, Cms8Minute or Full15.");
        }

        if (lowBalanceThresholdPercent is < 0 or > 100)
        {
            throw new DomainException("invalid-low-balance-threshold", $"The low-balance threshold must be from 0 to 100 percent, not {lowBalanceThresholdPercent}.");
        }

        if (expiryAlertDays is < 0 or > 365)
        {
            throw new DomainException("invalid-expiry-alert-days", $"The expiry alert must be from 0 to 365 days ahead, not {expiryAlertDays}.");
        }

        if (requestedFollowUpDays is < 1 or > MaxRequestedFollowUpDays)
        {
            throw new DomainException(
                "invalid-follow-up-days", $"A requested authorization is followed up after 1 to {MaxRequestedFollowUpDays} days without an answer, not {requestedFollowUpDays}.");
        }

        if (calendarStartHour < 0 || calendarEndHour > 24 || calendarStartHour >= calendarEndHour)
        {
            throw new DomainException(
                "invalid-calendar-hours", $"The calendars show from one whole hour to a later one between 0:00 and 24:00, not {calendarStartHour}:00 to {calendarEndHour}:00.");
        }

        if (calendarWeekStartsOn is not (DayOfWeek.Monday or DayOfWeek.Sunday))
        {
            throw new DomainException("invalid-week-start", $"The calendars' weeks start on Monday or Sunday, not {calendarWeekStartsOn}.");
        }

        TimeZoneId = zone;
        RoundingRule = roundingRule;
        LowBalanceThresholdPercent = lowBalanceThresholdPercent;
        ExpiryAlertDays = expiryAlertDays;
        AllowSchedulingOnRequested = allowSchedulingOnRequested;
        RequestedFollowUpDays = requestedFollowUpDays;
        (CalendarStartHour, CalendarEndHour, CalendarWeekStartsOn) = (calendarStartHour, calendarEndHour, calendarWeekStartsOn);
    }

    /// <summary>The first day of the calendar week that <paramref name="day"/> falls in.</summary>
    public DateOnly WeekOf(DateOnly day) => FirstDayOfWeek(day, CalendarWeekStartsOn);

    /// <summary>The first day of the week starting on <paramref name="weekStartsOn"/> that <paramref name="day"/> falls in.</summary>
    public static DateOnly FirstDayOfWeek(DateOnly day, DayOfWeek weekStartsOn) => day.AddDays(-(((int)day.DayOfWeek - (int)weekStartsOn + 7) % 7));

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 200
            ? throw new DomainException("invalid-name", "An organization needs a name of at most 200 characters.")
            : name.Trim();

    private static string RequireTimeZone(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) && zone.HasIanaId
            ? timeZoneId
            : throw new DomainException("invalid-time-zone", $"'{timeZoneId}' is not an IANA time zone.");
}
