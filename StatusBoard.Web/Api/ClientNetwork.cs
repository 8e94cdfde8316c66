using System.Net;

namespace StatusBoard.Web.Api;

/// <summary>
/// The network a client address belongs to, as user reports count it: IPv4 /24, IPv6 /48 (IPv4 inside IPv6 unwrapped).
/// One household, office or mobile carrier's NAT is one network however many addresses it rotates through.
/// </summary>
public static class ClientNetwork
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var (kept, prefix) = bytes.Length == 4 ? (3, 24) : (6, 48);
        Array.Clear(bytes, kept, bytes.Length - kept);
        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
