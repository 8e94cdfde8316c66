using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Kinds.Http;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Classification;

/// <summary>
/// The classification table: one named row per rule, each giving outcome, category and the rule that decided. Evidence
/// is built from a response the way a probe builds it (body shape, Location, challenge markers), not by hand.
/// </summary>
public sealed class ClassifierTests
{
    private static readonly CategoryRule[] NoRules = [];

    public sealed record Scenario(string Name, Evidence Evidence, Outcome Outcome, FailureCategory? Category, string Rule, CategoryRule[]? Rules = null, TimeSpan? Degraded = null)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] PaymentChecks = ["[STATUS] == 200", "[BODY].status == \"succeeded\"", "[BODY].amount == \"0.01\""];

    /// <summary>Evidence of one HTTP answer, as <see cref="HttpProbeExecutor"/> builds it.</summary>
    private static Evidence Http(int status, string body, string[]? conditions = null, string codePath = "$.error.code", Dictionary<string, string>? headers = null, bool cut = false)
    {
        var response = new ResponseSnapshot
        {
            Status = status,
            Body = body,
            ResponseTime = TimeSpan.FromMilliseconds(120),
            Connected = true,
            Headers = headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" },
        };
        var exchange = new Exchange { Response = response, Elapsed = TimeSpan.FromMilliseconds(120), Truncated = cut };
        Assert.True(JsonPath.TryParse(codePath, out var path, out var problem), problem);
        return HttpProbeExecutor.EvidenceOf(exchange, (conditions ?? PaymentChecks).Select(Condition.Parse).ToList(), path, step: null);
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);

    private const string Good = """{"status":"succeeded","amount":"0.01"}""";
    private const string Html = "text/html; charset=utf-8";

    public static TheoryData<Scenario> Cases => new()
    {
        new Scenario("all conditions pass", Http(200, Good), Outcome.Up, null, "ok"),
        new Scenario("passes but slower than the threshold", Http(200, Good), Outcome.Degraded, FailureCategory.Delay, "slow", Degraded: TimeSpan.FromMilliseconds(100)),

        // StatusBoard's own faults: errors, never evidence about the platform.
        new Scenario("destination refused by the allow-list", new Evidence { Transport = TransportFailure.Blocked, TransportDetail = "10.0.0.1 is private" }, Outcome.Error, FailureCategory.Probe, "destination-refused"),
        new Scenario("a secret the probe refers to is not set", new Evidence { Fault = "refers to ${TOKEN}, not set" }, Outcome.Error, FailureCategory.Probe, "probe-fault"),

        // Transport.
        new Scenario("connection refused", new Evidence { Transport = TransportFailure.ConnectionRefused }, Outcome.Down, FailureCategory.Network, "transport"),
        new Scenario("dns failure", new Evidence { Transport = TransportFailure.Dns }, Outcome.Down, FailureCategory.Network, "transport"),
        new Scenario("read timeout", new Evidence { Transport = TransportFailure.Timeout }, Outcome.Down, FailureCategory.Network, "transport"),
        new Scenario("tls handshake", new Evidence { Transport = TransportFailure.Tls }, Outcome.Down, FailureCategory.Network, "transport"),
        new Scenario("poll deadline passed", new Evidence { HttpStatus = 200, PollDeadlinePassed = true }, Outcome.Down, FailureCategory.Delay, "poll-deadline"),

        // Error codes, in a failing answer or in a 200 whose conditions pass.
        new Scenario("503 with a code", Http(503, """{"error":{"code":"SERVICE_UNAVAILABLE"}}"""), Outcome.Down, FailureCategory.Server, "error-code"),
        new Scenario("426 with a version code", Http(426, """{"error":{"code":"API_VERSION_UNSUPPORTED"}}"""), Outcome.Down, FailureCategory.Version, "error-code"),
        new Scenario("known code wins over status", Http(400, """{"error":{"code":"API_VERSION_UNSUPPORTED"}}"""), Outcome.Down, FailureCategory.Version, "error-code"),
        new Scenario("200 status failed SYSTEM_ERROR", Http(200, """{"status":"failed","error":{"code":"SYSTEM_ERROR"}}"""), Outcome.Down, FailureCategory.Server, "error-code"),
        new Scenario("200 Alipay ACQ.SYSTEM_ERROR, conditions pass", Http(200, """{"alipay_trade_pay_response":{"code":"20000","sub_code":"ACQ.SYSTEM_ERROR"}}""", ["[STATUS] == 200"], "$.alipay_trade_pay_response.sub_code"), Outcome.Down, FailureCategory.Server, "error-code"),
        new Scenario("200 WeChat Pay SYSTEMERROR", Http(200, """{"return_code":"SUCCESS","result_code":"FAIL","err_code":"SYSTEMERROR"}""", ["[STATUS] == 200"], "$.err_code"), Outcome.Down, FailureCategory.Server, "error-code"),
        new Scenario("200 WeChat Pay BANKERROR", Http(200, """{"return_code":"SUCCESS","result_code":"FAIL","err_code":"BANKERROR"}""", ["[STATUS] == 200"], "$.err_code"), Outcome.Down, FailureCategory.Server, "error-code"),
        new Scenario("200 WeChat Pay USERPAYING is a delay", Http(200, """{"return_code":"SUCCESS","result_code":"FAIL","err_code":"USERPAYING"}""", ["[STATUS] == 200"], "$.err_code"), Outcome.Down, FailureCategory.Delay, "error-code"),
        new Scenario("200 FREQUENCY_LIMITED is security", Http(200, """{"error":{"code":"FREQUENCY_LIMITED"}}""", ["[STATUS] == 200"]), Outcome.Down, FailureCategory.Security, "error-code"),
        new Scenario("200 PARAM_ERROR is input", Http(200, """{"error":{"code":"PARAM_ERROR"}}""", ["[STATUS] == 200"]), Outcome.Down, FailureCategory.Input, "error-code"),
        new Scenario("200 UPGRADE_REQUIRED is version", Http(200, """{"error":{"code":"UPGRADE_REQUIRED"}}""", ["[STATUS] == 200"]), Outcome.Down, FailureCategory.Version, "error-code"),
        new Scenario("a probe rule overrides the table", Http(200, """{"err_code":"USERPAYING"}""", ["[STATUS] == 200"], "$.err_code"), Outcome.Down, FailureCategory.Server, "probe-rule",
            Rules: [new CategoryRule("USERPAYING", null, FailureCategory.Server)]),
        new Scenario("a probe rule names a code the table does not know", Http(200, """{"error":{"code":"WALLET_FROZEN"}}""", ["[STATUS] == 200"]), Outcome.Down, FailureCategory.Data, "probe-rule",
            Rules: [new CategoryRule("WALLET_FROZEN", null, FailureCategory.Data)]),
        new Scenario("probe rule wins over status default", Http(403, """{"error":{"code":"RISK_BLOCKED"}}"""), Outcome.Down, FailureCategory.Input, "probe-rule",
            Rules: [new CategoryRule("RISK_BLOCKED", null, FailureCategory.Input)]),
        new Scenario("probe status rule", Http(503, "{}"), Outcome.Down, FailureCategory.Version, "probe-rule", Rules: [new CategoryRule(null, 503, FailureCategory.Version)]),

        // Status codes.
        new Scenario("502 without code", Http(502, "bad gateway", headers: Headers(("Content-Type", "text/plain"))), Outcome.Down, FailureCategory.Server, "status"),
        new Scenario("410 gone", Http(410, "{}"), Outcome.Down, FailureCategory.Version, "status"),
        new Scenario("429 rate limited", Http(429, "{}"), Outcome.Down, FailureCategory.Security, "status"),
        new Scenario("401 unauthorized", Http(401, "{}"), Outcome.Down, FailureCategory.Security, "status"),
        new Scenario("451 blocked for legal reasons", Http(451, "{}"), Outcome.Down, FailureCategory.Security, "status"),
        new Scenario("400 validation", Http(400, "{}"), Outcome.Down, FailureCategory.Input, "status"),
        new Scenario("423 account locked", Http(423, "{}"), Outcome.Down, FailureCategory.Input, "status"),

        // Redirects nobody asked for.
        new Scenario("302 to a sign-in page", Http(302, "", headers: Headers(("Location", "/login?next=/v2/payments"))), Outcome.Down, FailureCategory.Security, "redirect-sign-in"),
        new Scenario("302 to another host's sign-in", Http(302, "", headers: Headers(("Location", "https://passport.example.com/oauth2/authorize?client=wallet"))), Outcome.Down, FailureCategory.Security, "redirect-sign-in"),
        new Scenario("301 elsewhere", Http(301, "", headers: Headers(("Location", "https://api.example.com/v3/payments"))), Outcome.Down, FailureCategory.Server, "redirect"),

        // WAF and bot challenges.
        new Scenario("cf-mitigated challenge", Http(403, "<html>…</html>", headers: Headers(("Content-Type", Html), ("cf-mitigated", "challenge"))), Outcome.Down, FailureCategory.Security, "waf-challenge"),
        new Scenario("503 HTML challenge page", Http(503, "<!DOCTYPE html><title>Just a moment...</title><script src=\"/cdn-cgi/challenge-platform/h/b\"></script>", headers: Headers(("Content-Type", Html))), Outcome.Down, FailureCategory.Security, "waf-challenge"),
        new Scenario("aws waf captcha", Http(405, "", headers: Headers(("x-amzn-waf-action", "captcha"))), Outcome.Down, FailureCategory.Security, "waf-challenge"),
        new Scenario("a plain HTML 503 is still the server", Http(503, "<html><body>Service Unavailable</body></html>", headers: Headers(("Content-Type", Html))), Outcome.Down, FailureCategory.Server, "status"),

        // Not the JSON the probe expects: the server, not the contract.
        new Scenario("200 HTML 系统繁忙 page", Http(200, "<html><body><h1>系统繁忙，请稍后再试</h1></body></html>", headers: Headers(("Content-Type", Html))), Outcome.Down, FailureCategory.Server, "not-json"),
        new Scenario("200 empty body", Http(200, ""), Outcome.Down, FailureCategory.Server, "not-json"),
        new Scenario("200 truncated JSON", Http(200, """{"status":"succeeded","amo"""), Outcome.Down, FailureCategory.Server, "not-json"),
        new Scenario("200 cut at StatusBoard's cap", Http(200, """{"status":"succeeded","padding":"xxxxxxxx""", cut: true), Outcome.Down, FailureCategory.Server, "not-json"),

        // What the failed conditions were about.
        new Scenario("field the contract promises is missing", Http(200, """{"amount":"0.01"}"""), Outcome.Down, FailureCategory.Version, "missing-field"),
        new Scenario("wrong amount on 200", Http(200, """{"status":"succeeded","amount":"0.10"}"""), Outcome.Down, FailureCategory.Data, "money"),
        new Scenario("negative balance", Http(200, """{"available":"-1.00"}""", ["[STATUS] == 200", "[BODY].available >= 0"]), Outcome.Down, FailureCategory.Data, "money"),
        new Scenario("payment still pending", Http(200, """{"status":"pending","amount":"0.01"}"""), Outcome.Down, FailureCategory.Delay, "pending"),
        new Scenario("only response time failed", Http(200, Good, ["[STATUS] == 200", "[RESPONSE_TIME] < 50"]), Outcome.Degraded, FailureCategory.Delay, "response-time"),
        new Scenario("a 200 the probe expected not to be", Http(200, Good, ["[STATUS] == 201"]), Outcome.Down, FailureCategory.Input, "status-condition"),
    };

    /// <summary>Good answers that must stay up: no false alarm.</summary>
    public static TheoryData<Scenario> Good_Answers => new()
    {
        new Scenario("extra fields", Http(200, """{"status":"succeeded","amount":"0.01","fee":"0.00","meta":{"trace":"abc"}}"""), Outcome.Up, null, "ok"),
        new Scenario("a number compared with a numeric string", Http(200, """{"status":"succeeded","amount":0.01}"""), Outcome.Up, null, "ok"),
        new Scenario("a code that is not a failure code", Http(200, """{"status":"succeeded","amount":"0.01","error":{"code":"SUCCESS"}}"""), Outcome.Up, null, "ok"),
        new Scenario("WeChat Pay SUCCESS", Http(200, """{"return_code":"SUCCESS","result_code":"SUCCESS"}""", ["[STATUS] == 200", "[BODY].result_code == SUCCESS"], "$.err_code"), Outcome.Up, null, "ok"),
        new Scenario("problem+json media type", Http(200, Good, headers: Headers(("Content-Type", "application/problem+json"))), Outcome.Up, null, "ok"),
        new Scenario("JSON labelled text/plain", Http(200, Good, headers: Headers(("Content-Type", "text/plain"))), Outcome.Up, null, "ok"),
        new Scenario("a 302 the probe expects", Http(302, "", ["[STATUS] == 302"], headers: Headers(("Location", "/login"))), Outcome.Up, null, "ok"),
        new Scenario("an HTML page the probe checks as text", Http(200, "<html>ok</html>", ["[STATUS] == 200", "[BODY] contains ok"], headers: Headers(("Content-Type", Html))), Outcome.Up, null, "ok"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(Good_Answers))]
    public void Classify_Row_GivesOutcomeCategoryAndTheRuleThatDecided(Scenario scenario)
    {
        var finding = Classifier.Classify(scenario.Evidence, scenario.Rules ?? NoRules, scenario.Degraded);

        Assert.Equal((scenario.Outcome, scenario.Category, scenario.Rule), (finding.Outcome, finding.Category, finding.Rule));
        Assert.NotEmpty(finding.Message);
    }

    [Fact]
    public void Classify_FailedCondition_MessageShowsActualValue()
    {
        var finding = Classifier.Classify(Http(503, """{"error":{"code":"SERVICE_UNAVAILABLE"}}""", ["[STATUS] == 200"]), NoRules, null);

        Assert.Contains("[STATUS] (503) == 200", finding.Message, StringComparison.Ordinal);
        Assert.Contains("SERVICE_UNAVAILABLE", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorCodeTable_IsDocumented_EveryCodeWithItsCategory()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "error-codes.md"));

        Assert.All(ErrorCodes.Known, code => Assert.Contains($"| `{code.Key}` | {code.Value.ToWire()} |", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_Inverted_IsUpWhenTheCheckFails_DownWhenItPasses_AndErrorsStayErrors()
    {
        var failing = Classifier.Classify(Http(503, "{}", ["[STATUS] == 200"]), NoRules, null, inverted: true);
        var passing = Classifier.Classify(Http(200, "{}", ["[STATUS] == 200"]), NoRules, null, inverted: true);
        var refused = Classifier.Classify(new Evidence { Fault = "refers to ${TOKEN}, not set" }, NoRules, null, inverted: true);
        var unreachable = Classifier.Classify(new Evidence { Transport = TransportFailure.ConnectionRefused }, NoRules, null, inverted: true);

        Assert.Equal((Outcome.Up, (FailureCategory?)null, "inverted"), (failing.Outcome, failing.Category, failing.Rule));
        Assert.Contains("[STATUS] (503) == 200", failing.Message, StringComparison.Ordinal);
        Assert.Equal((Outcome.Down, FailureCategory.Server, "inverted"), (passing.Outcome, passing.Category, passing.Rule));
        Assert.Equal((Outcome.Error, "probe-fault"), (refused.Outcome, refused.Rule));
        Assert.Equal(Outcome.Up, unreachable.Outcome);
    }
}
