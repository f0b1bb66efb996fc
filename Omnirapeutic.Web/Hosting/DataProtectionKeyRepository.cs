using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// Data Protection keys in PostgreSQL, so a cookie or bearer token issued by one web node is accepted by
/// every other. Apply the migrations and start one node first, or two empty nodes may each create a key.
/// </summary>
internal sealed class DataProtectionKeyRepository(IDbContextFactory<OmnirapeuticDbContext> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        db.SaveChanges();
    }
}
