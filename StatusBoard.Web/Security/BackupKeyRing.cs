using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace StatusBoard.Web.Security;

/// <summary>
/// The key ring of a SQLite installation: the key files in their folder, plus the keys a backup wrote into its copy's
/// database (<see cref="Backups.Backups"/>). So StatusBoard started on a restored copy, with no key folder of its own,
/// still decrypts the probe secrets and sessions of the installation it was taken from. New keys go to the folder.
/// </summary>
public sealed class BackupKeyRing(IXmlRepository files, IXmlRepository copied) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        files.GetAllElements().Concat(copied.GetAllElements())
            .DistinctBy(element => element.Attribute("id")?.Value ?? element.ToString(SaveOptions.DisableFormatting))
            .ToList();

    public void StoreElement(XElement element, string friendlyName) => files.StoreElement(element, friendlyName);
}
