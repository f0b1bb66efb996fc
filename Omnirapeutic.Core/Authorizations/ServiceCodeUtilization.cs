namespace Omnirapeutic.Core.Authorizations;

/// <summary>The units of an organization's active authorizations of one service code, summed.</summary>
public sealed record ServiceCodeUtilization(string ServiceCode, int TotalUnits, int UsedUnits, int ScheduledUnits, int AvailableUnits);
