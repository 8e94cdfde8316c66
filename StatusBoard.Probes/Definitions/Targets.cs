namespace StatusBoard.Probes.Definitions;

/// <summary>The <c>target</c> of the kinds aimed at one: <c>host:port</c>, or a name to resolve.</summary>
public static class Targets
{
    /// <summary>A <c>host:port</c> target (tcp, tls, grpc), trimmed; problems in <paramref name="errors"/>.</summary>
    public static string HostPort(ProbeDocument document, ValidationErrors errors)
    {
        var target = document.Target?.Trim() ?? "";
        if (!TryHostPort(target, out _, out _))
        {
            errors.Add("target", $"'{ProbeDefinitionParser.Shorten(target)}' is not host:port, such as payments.example:443");
        }

        return target;
    }

    /// <summary>A name to resolve and its record type (dns); problems in <paramref name="errors"/>.</summary>
    public static (string Target, string RecordType) Name(ProbeDocument document, ValidationErrors errors)
    {
        var target = document.Target?.Trim() ?? "";
        var recordType = (document.RecordType ?? "A").Trim().ToUpperInvariant();
        if (target.Length is 0 or > 253 || Uri.CheckHostName(target.TrimEnd('.')) != UriHostNameType.Dns)
        {
            errors.Add("target", $"'{ProbeDefinitionParser.Shorten(target)}' is not a DNS name to resolve");
        }

        if (!RecordTypes.Contains(recordType))
        {
            errors.Add("recordType", $"must be one of {string.Join(", ", RecordTypes)}");
        }
        else if (recordType is not ("A" or "AAAA") && document.Resolver is null)
        {
            errors.Add("recordType", $"{recordType} records need a 'resolver': the system resolver answers only A and AAAA");
        }

        return (target, recordType);
    }

    public static readonly IReadOnlyList<string> RecordTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"];

    /// <summary>A resolver address: an IP, with <c>:port</c> when not 53.</summary>
    public static System.Net.IPEndPoint? Resolver(string? text, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (System.Net.IPAddress.TryParse(trimmed, out var address))
        {
            return new System.Net.IPEndPoint(address, 53);
        }

        if (System.Net.IPEndPoint.TryParse(trimmed, out var endpoint) && endpoint.Port > 0)
        {
            return endpoint;
        }

        errors.Add("resolver", $"'{ProbeDefinitionParser.Shorten(trimmed)}' is not an IP address, with an optional :port");
        return null;
    }

    /// <summary>Splits <c>host:port</c> (or <c>[::1]:port</c>).</summary>
    public static bool TryHostPort(string target, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = target[..colon].Trim('[', ']');
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
