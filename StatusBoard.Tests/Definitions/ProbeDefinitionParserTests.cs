using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Tests.Definitions;

public sealed class ProbeDefinitionParserTests
{
    private static readonly Func<string, bool> Known = key => key is "payments" or "balance";

    public const string IssueExample = """
        { "key": "payments-create", "name": "Create payment", "component": "payments", "kind": "http",
          "regions": ["cn-east", "cn-south", "sg"], "interval": "30s", "timeout": "5s", "retries": 1,
          "request": { "method": "POST", "url": "{sandbox}/{region}/v2/payments",
                       "headers": { "Authorization": "Bearer demo", "Idempotency-Key": "{{uuid}}" },
                       "body": "{\"amount\":\"0.01\",\"currency\":\"CNY\"}" },
          "errorCodePath": "$.error.code",
          "conditions": ["[STATUS] == 200", "[BODY].status == \"succeeded\"", "[BODY].amount == \"0.01\"", "[RESPONSE_TIME] < 800"],
          "categoryRules": [ { "errorCode": "RISK_BLOCKED", "category": "security" } ] }
        """;

    [Fact]
    public void TryParse_IssueExample_Accepted()
    {
        var document = Json.Deserialize<ProbeDocument>(IssueExample)!;

        Assert.True(ProbeDefinitionParser.TryParse(document, Known, DefinitionSource.Api, out var probe, out var errors), errors.ToString());
        Assert.Equal("payments-create", probe!.Key);
        Assert.Equal(StatusBoard.Probes.Kinds.ProbeKinds.Http, probe.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), probe.Interval);
        Assert.Equal(4, probe.Conditions.Count);
        Assert.Equal(["cn-east", "cn-south", "sg"], probe.Regions);
        Assert.Single(probe.CategoryRules);
        Assert.Equal("30s", probe.Document.Interval);
    }

    [Fact]
    public void TryParse_Journey_ChecksVariablesAndPoll()
    {
        var document = Json.Deserialize<ProbeDocument>("""
            { "key": "j", "name": "Journey", "component": "payments", "kind": "journey", "regions": ["sg"],
              "steps": [
                { "name": "create", "request": { "method": "POST", "url": "http://x/p" }, "extract": { "paymentId": "[BODY].id" } },
                { "name": "poll", "request": { "url": "http://x/p/{{paymentId}}" }, "poll": { "until": "[BODY].status == settled", "every": "1s", "deadline": "10s" } },
                { "name": "refund", "request": { "method": "POST", "url": "http://x/p/{{paymentId}}/refund" }, "alwaysRun": true }
              ] }
            """)!;

        Assert.True(ProbeDefinitionParser.TryParse(document, Known, DefinitionSource.Api, out var probe, out var errors), errors.ToString());
        Assert.Equal(3, probe!.Steps.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), probe.Steps[1].Poll!.Deadline);
        Assert.True(probe.Steps[2].AlwaysRun);
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        // what is wrong, the JSON, the field the error names
        { "unknown component", """{"key":"a","name":"A","component":"nope","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "component" },
        { "bad condition", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200","[STATUS] 200"]}""", "conditions[1]" },
        { "bad interval", """{"key":"a","name":"A","component":"payments","regions":["sg"],"interval":"soon","request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "interval" },
        { "interval too short", """{"key":"a","name":"A","component":"payments","regions":["sg"],"interval":"10ms","request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "interval" },
        { "no regions", """{"key":"a","name":"A","component":"payments","regions":[],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "regions" },
        { "bad region", """{"key":"a","name":"A","component":"payments","regions":["SG!"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "regions[0]" },
        { "bad key", """{"key":"A B","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "key" },
        { "ftp url", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"ftp://x"},"conditions":["[STATUS] == 200"]}""", "request.url" },
        { "relative url", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"/x"},"conditions":["[STATUS] == 200"]}""", "request.url" },
        { "header with newline", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x","headers":{"X":"a\r\nB: c"}},"conditions":["[STATUS] == 200"]}""", "request.headers.X" },
        { "unknown kind", """{"key":"a","name":"A","component":"payments","kind":"ftp","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "kind" },
        { "unknown category", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"],"categoryRules":[{"status":503,"category":"oops"}]}""", "categoryRules[0].category" },
        { "no conditions", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"}}""", "conditions" },
        { "bad error code path", """{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUS] == 200"],"errorCodePath":"$..x"}""", "errorCodePath" },
        { "undefined variable", """{"key":"a","name":"A","component":"payments","kind":"journey","regions":["sg"],"steps":[{"request":{"url":"http://x/{{id}}"}}]}""", "steps[0].request" },
        { "poll deadline before every", """{"key":"a","name":"A","component":"payments","kind":"journey","regions":["sg"],"steps":[{"request":{"url":"http://x"},"poll":{"until":"[STATUS] == 200","every":"5s","deadline":"1s"}}]}""", "steps[0].poll.deadline" },
        { "tcp target without a port", """{"key":"a","name":"A","component":"payments","kind":"tcp","regions":["sg"],"target":"db.example","conditions":["[CONNECTED] == true"]}""", "target" },
        { "dns target that is not a name", """{"key":"a","name":"A","component":"payments","kind":"dns","regions":["sg"],"target":"http://x/","conditions":["[DNS_RCODE] == NOERROR"]}""", "target" },
        { "dns record type", """{"key":"a","name":"A","component":"payments","kind":"dns","regions":["sg"],"target":"x.example","recordType":"MX","conditions":["[DNS_RCODE] == NOERROR"]}""", "recordType" },
        { "tls probe with a request", """{"key":"a","name":"A","component":"payments","kind":"tls","regions":["sg"],"target":"x.example:443","request":{"url":"http://x"},"conditions":["[CONNECTED] == true"]}""", "request" },
        { "retries out of range", """{"key":"a","name":"A","component":"payments","regions":["sg"],"retries":9,"request":{"url":"http://x"},"conditions":["[STATUS] == 200"]}""", "retries" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_Invalid_NamesTheField(string what, string json, string field)
    {
        var document = Json.Deserialize<ProbeDocument>(json)!;

        var accepted = ProbeDefinitionParser.TryParse(document, Known, DefinitionSource.Api, out var probe, out var errors);

        Assert.False(accepted, what);
        Assert.Null(probe);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void TryParse_BadCondition_MessageNamesTheCondition()
    {
        var document = Json.Deserialize<ProbeDocument>("""{"key":"a","name":"A","component":"payments","regions":["sg"],"request":{"url":"http://x"},"conditions":["[STATUSS] == 200"]}""")!;

        ProbeDefinitionParser.TryParse(document, Known, DefinitionSource.Api, out _, out var errors);

        Assert.Contains("[STATUSS] == 200", errors.ToDictionary()["conditions[0]"][0], StringComparison.Ordinal);
    }
}
