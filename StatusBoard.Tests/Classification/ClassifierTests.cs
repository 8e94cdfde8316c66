using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Tests.Classification;

public sealed class ClassifierTests
{
    private static readonly CategoryRule[] NoRules = [];

    public sealed record Scenario(string Name, Evidence Evidence, Outcome Outcome, FailureCategory? Category, CategoryRule[]? Rules = null, TimeSpan? Degraded = null)
    {
        public override string ToString() => Name;
    }

    private static Evidence Http(int status, string? code, string body, params string[] conditions)
    {
        var response = new ResponseSnapshot { Status = status, Body = body, ResponseTime = TimeSpan.FromMilliseconds(120), Connected = true };
        return new Evidence
        {
            HttpStatus = status,
            ErrorCode = code,
            Conditions = conditions.Select(c => Condition.Parse(c).Evaluate(response)).ToList(),
            Duration = TimeSpan.FromMilliseconds(120),
        };
    }

    private static readonly string[] PaymentChecks = ["[STATUS] == 200", "[BODY].status == \"succeeded\"", "[BODY].amount == \"0.01\""];

    public static TheoryData<Scenario> Cases => new()
    {
        new Scenario("all conditions pass", Http(200, null, """{"status":"succeeded","amount":"0.01"}""", PaymentChecks), Outcome.Up, null),
        new Scenario("passes but slower than the threshold", Http(200, null, """{"status":"succeeded","amount":"0.01"}""", PaymentChecks), Outcome.Degraded, FailureCategory.Delay, Degraded: TimeSpan.FromMilliseconds(100)),
        new Scenario("connection refused", new Evidence { Transport = TransportFailure.ConnectionRefused }, Outcome.Down, FailureCategory.Network),
        new Scenario("dns failure", new Evidence { Transport = TransportFailure.Dns }, Outcome.Down, FailureCategory.Network),
        new Scenario("read timeout", new Evidence { Transport = TransportFailure.Timeout }, Outcome.Down, FailureCategory.Network),
        new Scenario("tls handshake", new Evidence { Transport = TransportFailure.Tls }, Outcome.Down, FailureCategory.Network),
        new Scenario("503 outage", Http(503, "SERVICE_UNAVAILABLE", """{"error":{"code":"SERVICE_UNAVAILABLE"}}""", PaymentChecks), Outcome.Down, FailureCategory.Server),
        new Scenario("502 without code", Http(502, null, "bad gateway", PaymentChecks), Outcome.Down, FailureCategory.Server),
        new Scenario("426 old version", Http(426, "API_VERSION_UNSUPPORTED", "{}", PaymentChecks), Outcome.Down, FailureCategory.Version),
        new Scenario("410 gone", Http(410, null, "{}", PaymentChecks), Outcome.Down, FailureCategory.Version),
        new Scenario("429 rate limited", Http(429, "RATE_LIMITED", "{}", PaymentChecks), Outcome.Down, FailureCategory.Security),
        new Scenario("403 risk control", Http(403, "RISK_BLOCKED", "{}", PaymentChecks), Outcome.Down, FailureCategory.Security),
        new Scenario("401 unauthorized", Http(401, null, "{}", PaymentChecks), Outcome.Down, FailureCategory.Security),
        new Scenario("400 validation", Http(400, "INVALID_REQUEST", "{}", PaymentChecks), Outcome.Down, FailureCategory.Input),
        new Scenario("423 account locked", Http(423, null, "{}", PaymentChecks), Outcome.Down, FailureCategory.Input),
        new Scenario("wrong amount on 200", Http(200, null, """{"status":"succeeded","amount":"0.10"}""", PaymentChecks), Outcome.Down, FailureCategory.Data),
        new Scenario("negative balance", Http(200, null, """{"available":"-1.00"}""", "[STATUS] == 200", "[BODY].available >= 0"), Outcome.Down, FailureCategory.Data),
        new Scenario("field the contract promises is missing", Http(200, null, """{"amount":"0.01"}""", PaymentChecks), Outcome.Down, FailureCategory.Version),
        new Scenario("payment still pending", Http(200, null, """{"status":"pending","amount":"0.01"}""", PaymentChecks), Outcome.Down, FailureCategory.Delay),
        new Scenario("only response time failed", Http(200, null, """{"status":"succeeded"}""", "[STATUS] == 200", "[RESPONSE_TIME] < 50"), Outcome.Degraded, FailureCategory.Delay),
        new Scenario("poll deadline passed", new Evidence { HttpStatus = 200, PollDeadlinePassed = true }, Outcome.Down, FailureCategory.Delay),
        new Scenario("probe rule wins over status default", Http(403, "RISK_BLOCKED", "{}", PaymentChecks), Outcome.Down, FailureCategory.Input,
            Rules: [new CategoryRule("RISK_BLOCKED", null, FailureCategory.Input)]),
        new Scenario("probe status rule", Http(503, null, "{}", PaymentChecks), Outcome.Down, FailureCategory.Version,
            Rules: [new CategoryRule(null, 503, FailureCategory.Version)]),
        new Scenario("known code wins over status", Http(400, "API_VERSION_UNSUPPORTED", "{}", PaymentChecks), Outcome.Down, FailureCategory.Version),
        new Scenario("rules ignored when all pass", Http(200, "RISK_BLOCKED", """{"status":"succeeded","amount":"0.01"}""", PaymentChecks), Outcome.Up, null,
            Rules: [new CategoryRule("RISK_BLOCKED", null, FailureCategory.Security)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_Case_GivesOutcomeAndCategory(Scenario scenario)
    {
        var verdict = Classifier.Classify(scenario.Evidence, scenario.Rules ?? NoRules, scenario.Degraded);

        Assert.Equal(scenario.Outcome, verdict.Outcome);
        Assert.Equal(scenario.Category, verdict.Category);
        Assert.NotEmpty(verdict.Message);
    }

    [Fact]
    public void Classify_FailedCondition_MessageShowsActualValue()
    {
        var verdict = Classifier.Classify(Http(503, "SERVICE_UNAVAILABLE", "{}", "[STATUS] == 200"), NoRules, null);

        Assert.Contains("[STATUS] (503) == 200", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("SERVICE_UNAVAILABLE", verdict.Message, StringComparison.Ordinal);
    }
}
