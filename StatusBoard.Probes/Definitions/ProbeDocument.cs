namespace StatusBoard.Probes.Definitions;

/// <summary>
/// A probe as written: the same JSON shape in configuration (<c>StatusBoard:Probes</c>) and in the API.
/// It is only data; <see cref="ProbeDefinitionParser"/> turns it into a validated <see cref="ProbeDefinition"/>.
/// </summary>
public sealed class ProbeDocument
{
    public string? Key { get; set; }

    public string? Name { get; set; }

    public string? Component { get; set; }

    public string? Kind { get; set; }

    public List<string>? Regions { get; set; }

    public string? Interval { get; set; }

    public string? Timeout { get; set; }

    public int? Retries { get; set; }

    /// <summary>Slower than this, with every condition passing, is <c>degraded</c>.</summary>
    public string? DegradedThreshold { get; set; }

    public RequestDocument? Request { get; set; }

    public string? ErrorCodePath { get; set; }

    public List<string>? Conditions { get; set; }

    public List<CategoryRuleDocument>? CategoryRules { get; set; }

    public List<StepDocument>? Steps { get; set; }

    /// <summary>For tcp and tls probes <c>host:port</c>; for dns probes the name to resolve.</summary>
    public string? Target { get; set; }

    /// <summary>What a tcp probe sends once connected; its answer is <c>[BODY]</c>.</summary>
    public string? Send { get; set; }

    /// <summary>For dns probes: <c>A</c> (default) or <c>AAAA</c>.</summary>
    public string? RecordType { get; set; }

    /// <summary>
    /// For http probes and journeys: false sends no <c>Accept-Encoding</c> of StatusBoard's own and reads the body as its
    /// bytes came, to test the raw answer. True (the default) asks for gzip, deflate and br, as the wallet app does, and decodes.
    /// </summary>
    public bool? Decompress { get; set; }

    /// <summary>
    /// True: the probe is up while its check fails and down when it passes (Uptime Kuma's "upside down" mode: a port
    /// that must stay closed, a page that must not answer). StatusBoard's own errors stay errors.
    /// </summary>
    public bool? Invert { get; set; }

    /// <summary>Why a stored document cannot run as stored (a secret that cannot be decrypted); never written or read as JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? LoadFault { get; set; }

    /// <summary>For <c>dns</c>: the resolver to ask, <c>1.1.1.1</c> or <c>10.0.0.2:5353</c>; the system's when absent.</summary>
    public string? Resolver { get; set; }

    /// <summary>
    /// Where the API says a probe came from (<c>configuration</c> or <c>api</c>): a program that reads a probe and saves
    /// it sends it back. Read and ignored; never stored (the stored document is normalized without it).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// Fields of the document beyond these, kept as written: a kind's own (gRPC's <c>service</c> and <c>tls</c>, see
    /// <see cref="ProbeKind.OwnFields"/>); any other is refused by the parser.
    /// </summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extensions { get; set; }
}

public sealed class RequestDocument
{
    public string? Method { get; set; }

    public string? Url { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    /// <summary>The body is a secret (a password grant, a signed payload): stored encrypted and shown masked, like secret headers.</summary>
    public bool? SecretBody { get; set; }
}

public sealed class StepDocument
{
    public string? Name { get; set; }

    public RequestDocument? Request { get; set; }

    public List<string>? Conditions { get; set; }

    /// <summary>Values kept for later steps, e.g. <c>{"paymentId": "[BODY].id"}</c>, used as <c>{{paymentId}}</c>.</summary>
    public Dictionary<string, string>? Extract { get; set; }

    public PollDocument? Poll { get; set; }

    /// <summary>Cleanup steps (a refund) run even when an earlier step failed.</summary>
    public bool? AlwaysRun { get; set; }
}

public sealed class PollDocument
{
    public string? Until { get; set; }

    public string? Every { get; set; }

    public string? Deadline { get; set; }
}

public sealed class CategoryRuleDocument
{
    public string? ErrorCode { get; set; }

    public int? Status { get; set; }

    public string? Category { get; set; }
}
