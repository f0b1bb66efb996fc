namespace Omnirapeutic.Core.Payers;

/// <summary>Two service codes a payer pays at once for one patient: <see cref="Code"/> billed while <see cref="Over"/> runs.</summary>
public sealed record CodePair(string Code, string Over)
{
    public override string ToString() => $"{Code}+{Over}";

    public static CodePair Parse(string stored) => stored.Split('+') is [var code, var over]
        ? new CodePair(code, over)
        : throw new FormatException($"'{stored}' is not a stored code pair.");
}
