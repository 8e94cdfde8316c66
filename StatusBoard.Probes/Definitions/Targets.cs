namespace StatusBoard.Probes.Definitions;

/// <summary>The <c>target</c> of tcp, tls and dns probes: <c>host:port</c>, or a name to resolve.</summary>
public static class Targets
{
    public static (string? Target, string RecordType) Parse(ProbeDocument document, ProbeKind kind, ValidationErrors errors)
    {
        var target = document.Target?.Trim() ?? "";
        var recordType = (document.RecordType ?? "A").Trim().ToUpperInvariant();
        if (kind == ProbeKind.Dns)
        {
            if (target.Length is 0 or > 253 || Uri.CheckHostName(target.TrimEnd('.')) != UriHostNameType.Dns)
            {
                errors.Add("target", $"'{ProbeDefinitionParser.Shorten(target)}' is not a DNS name to resolve");
            }

            if (recordType is not ("A" or "AAAA"))
            {
                errors.Add("recordType", "must be A or AAAA");
            }

            return (target, recordType);
        }

        if (!TryHostPort(target, out _, out _))
        {
            errors.Add("target", $"'{ProbeDefinitionParser.Shorten(target)}' is not host:port, such as payments.example:443");
        }

        if (document.Send is { Length: > 4096 })
        {
            errors.Add("send", "must be at most 4096 characters");
        }

        return (target, recordType);
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
