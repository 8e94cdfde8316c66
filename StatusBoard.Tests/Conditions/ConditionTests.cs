using StatusBoard.Probes.Conditions;

namespace StatusBoard.Tests.Conditions;

public sealed class ConditionTests
{
    private static readonly ResponseSnapshot Payment = new()
    {
        Status = 503,
        ResponseTime = TimeSpan.FromMilliseconds(950),
        Body = """{"status":"succeeded","amount":"0.01","fee":0,"items":[{"id":"a"},{"id":"b"}],"error":{"code":"X"},"ok":true,"note":null}""",
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json; charset=utf-8" },
        Connected = true,
    };

    public static TheoryData<string, string, bool, string> Cases => new()
    {
        // name, condition, success, display
        { "status equal fails with actual", "[STATUS] == 200", false, "[STATUS] (503) == 200" },
        { "status any matches", "[STATUS] == any(200, 503)", true, "[STATUS] == any(200, 503)" },
        { "status not any", "[STATUS] != any(500, 502)", true, "[STATUS] != any(500, 502)" },
        { "status in a range of any", "[STATUS] == any(200..299, 500..503)", true, "[STATUS] == any(200..299, 500..503)" },
        { "status outside the ranges and codes of any", "[STATUS] == any(200..299, 302)", false, "[STATUS] (503) == any(200..299, 302)" },
        { "body string", "[BODY].status == \"succeeded\"", true, "[BODY].status == \"succeeded\"" },
        { "body string unquoted", "[BODY].status == succeeded", true, "[BODY].status == succeeded" },
        { "amount as string equals number", "[BODY].amount == 0.01", true, "[BODY].amount == 0.01" },
        { "amount as quoted string", "[BODY].amount == \"0.01\"", true, "[BODY].amount == \"0.01\"" },
        { "amount wrong", "[BODY].amount == \"0.02\"", false, "[BODY].amount (0.01) == \"0.02\"" },
        { "number zero", "[BODY].fee >= 0", true, "[BODY].fee >= 0" },
        { "missing path", "[BODY].balance == 1", false, "[BODY].balance (missing) == 1" },
        { "array index", "[BODY].items[1].id == b", true, "[BODY].items[1].id == b" },
        { "length of array", "len([BODY].items) == 2", true, "len([BODY].items) == 2" },
        { "length too small", "len([BODY].items) > 5", false, "len([BODY].items) (2) > 5" },
        { "nested error code", "[BODY].error.code != X", false, "[BODY].error.code (X) != X" },
        { "boolean", "[BODY].ok == true", true, "[BODY].ok == true" },
        { "null", "[BODY].note == null", true, "[BODY].note == null" },
        { "response time", "[RESPONSE_TIME] < 800", false, "[RESPONSE_TIME] (950) < 800" },
        { "response time as duration", "[RESPONSE_TIME] < 1s", true, "[RESPONSE_TIME] < 1s" },
        { "header contains", "[HEADER].content-type contains json", true, "[HEADER].content-type contains json" },
        { "missing header", "[HEADER].X-Trace == 1", false, "[HEADER].X-Trace (missing) == 1" },
        { "whole body contains", "[BODY] contains \"succeeded\"", true, "[BODY] contains \"succeeded\"" },
        { "connected", "[CONNECTED] == true", true, "[CONNECTED] == true" },
        { "string with operator inside", "[BODY].status != \"a == b\"", true, "[BODY].status != \"a == b\"" },
        { "body matches", "[BODY] matches \"^\\{\\\"status\\\":\\\"succ\"", true, "[BODY] matches \"^\\{\\\"status\\\":\\\"succ\"" },
        { "field matches", "[BODY].amount matches \"^[0-9]+\\.[0-9]{2}$\"", true, "[BODY].amount matches \"^[0-9]+\\.[0-9]{2}$\"" },
        { "field does not match", "[BODY].status matches \"^fail\"", false, "[BODY].status (succeeded) matches \"^fail\"" },
        { "header matches", "[HEADER].Content-Type matches \"charset=utf-?8\"", true, "[HEADER].Content-Type matches \"charset=utf-?8\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Case_GivesSuccessAndDisplay(string name, string text, bool success, string display)
    {
        var condition = Condition.Parse(text);

        var result = condition.Evaluate(Payment);

        Assert.True(success == result.Success, $"{name}: expected success={success}, display {result.Display}");
        Assert.Equal(display, result.Display);
        Assert.Equal(text, result.Condition);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("[STATUS] 200", "no operator")]
    [InlineData("[STATUS] === 200", "unknown operator '==='")]
    [InlineData("[STATUS] ==", "both sides")]
    [InlineData("[STATUSS] == 200", "unknown placeholder")]
    [InlineData("200 == [STATUS]", "must start with a placeholder")]
    [InlineData("[STATUS] == [RESPONSE_TIME]", "not another placeholder")]
    [InlineData("[RESPONSE_TIME] < fast", "not a number or a duration")]
    [InlineData("[STATUS] < any(1, 2)", "only with == and !=")]
    [InlineData("[STATUS] == any(300..200)", "ends below its start")]
    [InlineData("[BODY].status == \"open", "not closed")]
    [InlineData("[BODY].status contains \"a", "not closed")]
    [InlineData("[HEADER] == x", "needs a header name")]
    [InlineData("[BODY].items[x] == 1", "neither an index")]
    [InlineData("[STATUS].code == 1", "takes no path")]
    [InlineData("len(42) > 1", "takes a placeholder")]
    [InlineData("[BODY] matches \"(a\"", "is not a pattern StatusBoard can run in linear time")]
    [InlineData("[BODY] matches \"(a)\\1\"", "is not a pattern StatusBoard can run in linear time")]
    [InlineData("[BODY] matches \"(?=a)a\"", "is not a pattern StatusBoard can run in linear time")]
    [InlineData("[BODY] matches any(\"a\", \"b\")", "only with == and !=")]
    public void TryParse_Invalid_NamesTheProblem(string text, string expected)
    {
        Assert.False(Condition.TryParse(text, out var condition, out var error));
        Assert.Null(condition);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BodyNotJson_PathIsMissing()
    {
        var html = new ResponseSnapshot { Status = 200, Body = "<html>challenge</html>" };

        var result = Condition.Parse("[BODY].status == ok").Evaluate(html);

        Assert.False(result.Success);
        Assert.True(result.Missing);
    }

    [Theory]
    [InlineData("[BODY].amount == 1", ConditionSubject.Money)]
    [InlineData("[BODY].data.currency == CNY", ConditionSubject.Money)]
    [InlineData("[BODY].available >= 0", ConditionSubject.Money)]
    [InlineData("[BODY].status == ok", ConditionSubject.Body)]
    [InlineData("[STATUS] == 200", ConditionSubject.Status)]
    [InlineData("[RESPONSE_TIME] < 5", ConditionSubject.ResponseTime)]
    public void Subject_FromLeftSide(string text, ConditionSubject subject) =>
        Assert.Equal(subject, Condition.Parse(text).Subject);

    [Fact]
    public void Matches_APatternBuiltToBacktrack_RunsInLinearTime()
    {
        // (a+)+$ against a long run of a's that ends badly takes exponential time in a backtracking engine.
        var condition = Condition.Parse("[BODY] matches \"^(a+)+$\"");
        var hostile = new ResponseSnapshot { Status = 200, Body = new string('a', 256 * 1024) + "!" };

        var result = condition.Evaluate(hostile);

        Assert.False(result.Success);
        Assert.True(condition.Evaluate(new ResponseSnapshot { Status = 200, Body = new string('a', 256 * 1024) }).Success);
    }
}
