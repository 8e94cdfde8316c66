using System.Text.RegularExpressions;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Classification;

/// <summary>
/// Decides outcome and failure category from the evidence of a run. A pure function of what the answer said, never of
/// the probe's name; every row it can decide by is named in <see cref="Finding.Rule"/> and in the classification table test.
/// </summary>
public static partial class Classifier
{
    private static readonly string[] PendingWords = ["pending", "processing", "in_progress", "queued"];

    [GeneratedRegex(@"(^|/)(log-?in|sign-?in|sign_in|auth|oauth2?|sso|passport|cas|session/new)(/|\?|\.|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignInPath();

    /// <summary>
    /// Classifies one run's evidence. Each return is a named row of the classification table (<see cref="Finding.Rule"/>),
    /// tried in this order: StatusBoard's own faults, transport, poll deadline, error codes, then — only when a condition
    /// failed — the probe's rules, slowness, redirects, challenges, status codes, the body's shape and what failed.
    /// </summary>
    public static Finding Classify(Evidence evidence, IReadOnlyList<CategoryRule> rules, TimeSpan? degradedThreshold, bool inverted) =>
        inverted ? Invert(Classify(evidence, rules, degradedThreshold)) : Classify(evidence, rules, degradedThreshold);

    /// <summary>
    /// An inverted probe's finding (row <c>inverted</c>): a failed check is what it expects, so it is up; a check that
    /// passed (however slowly) is the failure. StatusBoard's own errors stay errors: they say nothing either way.
    /// </summary>
    public static Finding Invert(Finding finding) => finding.Outcome switch
    {
        Outcome.Down => new Finding(Outcome.Up, null, $"failed, as this inverted probe expects: {finding.Message}", "inverted"),
        Outcome.Up or Outcome.Degraded => new Finding(Outcome.Down, FailureCategory.Server,
            "the check passed, and this probe is inverted: it is up only while the check fails", "inverted"),
        _ => finding,
    };

    public static Finding Classify(Evidence evidence, IReadOnlyList<CategoryRule> rules, TimeSpan? degradedThreshold)
    {
        var where = evidence.Step is null ? "" : $"{evidence.Step}: ";
        if (evidence.Fault is { } fault)
        {
            return new Finding(Outcome.Error, FailureCategory.Probe, where + fault, "probe-fault");
        }

        if (evidence.Transport == TransportFailure.Blocked)
        {
            // Not the platform failing: the probe points where StatusBoard may not go.
            return new Finding(Outcome.Error, FailureCategory.Probe, where + TransportMessage(evidence), "destination-refused");
        }

        if (evidence.Transport != TransportFailure.None)
        {
            return new Finding(Outcome.Down, FailureCategory.Network, where + TransportMessage(evidence), "transport");
        }

        if (evidence.PollDeadlinePassed)
        {
            var last = evidence.Conditions.LastOrDefault(c => !c.Success);
            return new Finding(Outcome.Down, FailureCategory.Delay, where + "still not settled at the poll deadline" + (last is null ? "" : $": {last.Display}"), "poll-deadline");
        }

        var failed = evidence.Conditions.Where(c => !c.Success).ToList();
        if (ErrorCodes.Of(evidence.ErrorCode, evidence.HttpStatus, rules) is { } code)
        {
            // A failure code is a failure whatever the status and the conditions say: gateways answer 200 with one.
            var said = failed.Count == 0 ? $"answered error code {evidence.ErrorCode}" : Describe(evidence, failed);
            return new Finding(Outcome.Down, code.Category, where + said, code.ByProbeRule ? "probe-rule" : "error-code");
        }

        if (failed.Count == 0)
        {
            return degradedThreshold is { } threshold && evidence.Duration > threshold
                ? new Finding(Outcome.Degraded, FailureCategory.Delay, $"{where}took {Milliseconds(evidence.Duration)} ms, over the {Milliseconds(threshold)} ms threshold", "slow")
                : Finding.Up;
        }

        var message = where + Describe(evidence, failed);
        if (rules.FirstOrDefault(r => r.Matches(evidence.HttpStatus, evidence.ErrorCode)) is { } rule)
        {
            return new Finding(Outcome.Down, rule.Category, message, "probe-rule");
        }

        if (failed.All(c => c.Subject == ConditionSubject.ResponseTime))
        {
            return new Finding(Outcome.Degraded, FailureCategory.Delay, message, "response-time");
        }

        if (evidence.ProtocolCategory is { } stated)
        {
            // The protocol said what went wrong (a gRPC status): its meaning, not a guess from the failed conditions.
            return new Finding(Outcome.Down, stated, message, "protocol-status");
        }

        if (evidence.HttpStatus is >= 300 and < 400 && evidence.Location is { } location)
        {
            return SignInPath().IsMatch(PathOf(location))
                ? new Finding(Outcome.Down, FailureCategory.Security, $"{message}; sent to sign in at {location}", "redirect-sign-in")
                : new Finding(Outcome.Down, FailureCategory.Server, $"{message}; redirected to {location}", "redirect");
        }

        if (evidence.Challenge is { } challenge)
        {
            return new Finding(Outcome.Down, FailureCategory.Security, $"{message}; a WAF or bot challenge ({challenge})", "waf-challenge");
        }

        if (evidence.HttpStatus is { } status && status is < 200 or >= 300)
        {
            return new Finding(Outcome.Down, ByStatus(status), message, "status");
        }

        if (evidence.Body is BodyShape.Empty or BodyShape.NotJson && failed.Any(c => c.Missing && c.Subject is ConditionSubject.Body or ConditionSubject.Money))
        {
            // Not the JSON the probe expects (an error page, nothing, JSON cut short): the server failed, not the contract.
            var shape = evidence.Body == BodyShape.Empty ? "an empty body"
                : evidence.CutAtCap ? "longer than StatusBoard reads (StatusBoard:Probes:Http:MaxBodyBytes) and not JSON up to there"
                : "a body that is not JSON";
            return new Finding(Outcome.Down, FailureCategory.Server, $"{message}; the answer is {shape}", "not-json");
        }

        var (category, row) = ByCondition(failed);
        return new Finding(Outcome.Down, category, message, row);
    }

    private static string PathOf(string location) =>
        // "/login" is an absolute file path to Uri on Unix: only http(s) locations are read as URLs.
        Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.AbsolutePath : location.Split('?', '#')[0];

    /// <summary>The default category of a status code that is not 2xx.</summary>
    public static FailureCategory ByStatus(int status) => status switch
    {
        426 or 410 => FailureCategory.Version,
        401 or 403 or 429 or 451 => FailureCategory.Security,
        408 => FailureCategory.Network,
        >= 400 and < 500 => FailureCategory.Input,
        _ => FailureCategory.Server,
    };

    private static (FailureCategory Category, string Rule) ByCondition(List<ConditionResult> failed)
    {
        if (failed.Any(c => c.Subject == ConditionSubject.Money && !c.Missing))
        {
            return (FailureCategory.Data, "money");
        }

        if (failed.Any(c => c.Subject is ConditionSubject.Connection or ConditionSubject.Certificate))
        {
            return (FailureCategory.Network, "connection");
        }

        if (failed.Any(c => c.Subject is ConditionSubject.Body or ConditionSubject.Money && c.Missing))
        {
            // A well-formed JSON answer that lacks a field the contract promises.
            return (FailureCategory.Version, "missing-field");
        }

        if (failed.Any(c => c.Actual is { } actual && PendingWords.Contains(actual, StringComparer.OrdinalIgnoreCase)))
        {
            return (FailureCategory.Delay, "pending");
        }

        return failed.Any(c => c.Subject == ConditionSubject.Status) ? (FailureCategory.Input, "status-condition") : (FailureCategory.Server, "condition");
    }

    private static string Describe(Evidence evidence, List<ConditionResult> failed)
    {
        var status = evidence.HttpStatus is { } s ? $"HTTP {s}" : evidence.ProtocolStatus ?? "no status";
        var code = evidence.ErrorCode is null ? "" : $" {evidence.ErrorCode}";
        return $"{status}{code}: {string.Join("; ", failed.Select(c => c.Display))}";
    }

    private static string TransportMessage(Evidence evidence)
    {
        var kind = evidence.Transport switch
        {
            TransportFailure.Timeout => "timed out",
            TransportFailure.Dns => "DNS lookup failed",
            TransportFailure.ConnectionRefused => "connection refused",
            TransportFailure.ConnectionReset => "connection reset",
            TransportFailure.Tls => "TLS handshake failed",
            TransportFailure.Blocked => "destination not allowed",
            _ => "protocol error",
        };
        return evidence.TransportDetail is { Length: > 0 } detail ? $"{kind}: {detail}" : kind;
    }

    private static string Milliseconds(TimeSpan value) =>
        ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
