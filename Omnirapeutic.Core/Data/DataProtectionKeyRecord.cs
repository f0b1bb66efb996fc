namespace Omnirapeutic.Core.Data;

/// <summary>One ASP.NET Core Data Protection key as XML, shared by every web node so cookies and tokens travel.</summary>
public sealed class DataProtectionKeyRecord
{
    private DataProtectionKeyRecord()
    {
        Xml = string.Empty;
    }

    public DataProtectionKeyRecord(string? friendlyName, string xml)
    {
        FriendlyName = friendlyName;
        Xml = xml;
    }

    public int Id { get; private set; }

    public string? FriendlyName { get; private set; }

    public string Xml { get; private set; }
}
