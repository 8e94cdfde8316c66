namespace StatusBoard.Probes.Conditions;

/// <summary>What conditions are evaluated against: one response, read up to the body cap.</summary>
public sealed class ResponseSnapshot
{
    private JsonElement? _json;
    private bool _jsonParsed;

    /// <summary>The HTTP status code, for the kinds whose status is one.</summary>
    public int? Status { get; init; }

    /// <summary>What <c>[STATUS]</c> reads for the kinds whose status is a word (gRPC's <c>SERVING</c>), when there is no <see cref="Status"/>.</summary>
    public string? StatusText { get; init; }

    public TimeSpan ResponseTime { get; init; }

    public string Body { get; init; } = "";

    public IReadOnlyDictionary<string, string> Headers { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public bool Connected { get; init; }

    /// <summary>Time left until the server certificate expires, when the transport was TLS.</summary>
    public TimeSpan? CertificateExpiration { get; init; }

    /// <summary>Whether the certificate names the host, when the transport was TLS.</summary>
    public bool? CertificateHostnameMatch { get; init; }

    /// <summary>Whether the certificate chains to a trusted root, when the transport was TLS.</summary>
    public bool? CertificateChainValid { get; init; }

    /// <summary>The DNS answer code of a dns probe: NOERROR, NXDOMAIN, SERVFAIL.</summary>
    public string? DnsRcode { get; init; }

    /// <summary>The first address a dns probe resolved.</summary>
    public string? Ip { get; init; }

    /// <summary>The body as JSON, or null when it is not JSON (or was cut at the cap).</summary>
    public JsonElement? Json
    {
        get
        {
            if (!_jsonParsed)
            {
                _jsonParsed = true;
                try
                {
                    // Most bodies that are not JSON (HTML, "ok", plain text) say so in their first character: no parse,
                    // and none of the exception a failed parse costs on every run of such a probe.
                    if (Body.AsSpan().TrimStart() is [var first, ..] && first is '{' or '[' or '"' or '-' or (>= '0' and <= '9') or 't' or 'f' or 'n')
                    {
                        using var document = JsonDocument.Parse(Body, new JsonDocumentOptions { MaxDepth = 64 });
                        _json = document.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                    _json = null;
                }
            }

            return _json;
        }
    }
}
