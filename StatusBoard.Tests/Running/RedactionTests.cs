using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// Finding 7 of the hardening issue: the one redactor, as a table of what it removes and what it leaves, and applied to
/// every place of a result a response reaches (excerpt, message, each condition's actual value).
/// </summary>
public sealed class RedactionTests
{
    public static TheoryData<string, string, string> Removed => new()
    {
        { "card number", """{"pan":"x","number":"4111111111111111"}""", "4111111111111111" },
        { "card number with spaces", "card 4111 1111 1111 1111 declined", "4111 1111 1111" },
        { "card number with dashes", "card 5500-0000-0000-0004 declined", "5500-0000-0000" },
        { "cvv by name", """{"cvv":"123"}""", "123" },
        { "cvc as a number", """{"card":{"cvc":987}}""", "987" },
        { "token", """{"access_token":"eyJhbGciOi.abc.def"}""", "eyJhbGciOi" },
        { "camel-case token", """{"accessToken":"tok_live_abcdef"}""", "tok_live_abcdef" },
        { "api-key", """{"api-key":"k-12345"}""", "k-12345" },
        { "private key", """{"private_key":"-----BEGIN KEY-----MIIB"}""", "MIIB" },
        { "pass", """{"pass":"hunter22"}""", "hunter22" },
        { "password", """{"user":{"password":"correct horse"}}""", "correct horse" },
        { "credentials", """{"credentials":"user:pw"}""", "user:pw" },
        { "otp", """{"otp":"482913"}""", "482913" },
        { "otp as a number", """{"otp":482913}""", "482913" },
        { "query pair", "redirected to /cb?session_id=s3cr3t&state=1", "s3cr3t" },
        { "authorization header echoed", "Authorization: Bearer abc.def.ghi", "abc.def.ghi" },
        { "iban", "refund to DE89 3704 0044 0532 0130 00 failed", "3704 0044 0532" },
        { "iban without spaces", """{"iban":"GB82WEST12345698765432"}""", "WEST12345698" },
        { "chinese mobile", "sms to 13812345678 failed", "1381234" },
        { "chinese mobile with +86", "sms to +86 138-1234-5678 failed", "138-1234" },
        { "chinese id card", """{"idCard":"11010519491231002X"}""", "110105194912" },
    };

    public static TheoryData<string, string> Kept => new()
    {
        { "an amount", """{"amount":"0.01","currency":"CNY"}""" },
        { "a payment id", """{"id":"pay_01HZX3","status":"succeeded"}""" },
        { "a timestamp in milliseconds", """{"at":1764590000000}""" },
        { "a number that fails Luhn", "order 4111111111111112" },
        { "words that contain a secret word", """{"company":"Acme","shipping":"fast","expansion":"1"}""" },
        { "an idempotency key", """{"idempotency_key":"3f2b"}""" },
        { "an environment variable's name that looks like an IBAN after its underscore", "refers to ${STATUSBOARD_SECRET_TEST_DF35E6175577426F}, which is not set" },
    };

    [Theory]
    [MemberData(nameof(Removed))]
    public void Text_RemovesWhatMustNotBeKept(string what, string text, string secret)
    {
        var redacted = Redaction.Text(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Equal(redacted, Redaction.Text(redacted));
        Assert.True(redacted.Length > 0, what);
    }

    [Theory]
    [MemberData(nameof(Kept))]
    public void Text_KeepsWhatIsNoSecret(string what, string text)
    {
        Assert.True(text == Redaction.Text(text), $"{what}: {Redaction.Text(text)}");
    }

    [Fact]
    public void Result_AFailedConditionOnACardNumberOrASecretField_ShowsNeitherAnywhere()
    {
        var response = new ResponseSnapshot { Status = 200, Body = """{"pan":"4111111111111111","token":"tok_abcdef","status":"failed"}""" };
        var conditions = new[] { "[BODY].pan == \"x\"", "[BODY].token == \"y\"", "[BODY].status == \"succeeded\"" }
            .Select(text => Condition.Parse(text).Evaluate(response)).ToList();
        var result = new ProbeResult
        {
            Id = "r", Probe = "p", Component = "payments", Region = "sg", Agent = "test", StartedAt = DateTimeOffset.UnixEpoch, DurationMs = 1,
            Outcome = Outcome.Down, Category = FailureCategory.Version,
            Message = "HTTP 200: " + string.Join("; ", conditions.Select(c => c.Display)),
            Conditions = conditions, Excerpt = response.Body,
        };

        var redacted = Redaction.Result(result);
        var everything = string.Join("|", [redacted.Message, redacted.Excerpt!, .. redacted.Conditions.Select(c => c.Display + c.Actual)]);

        Assert.DoesNotContain("4111111111111111", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_abcdef", everything, StringComparison.Ordinal);
        Assert.Equal("***", redacted.Conditions[1].Actual);
        Assert.Equal("[BODY].status (failed) == \"succeeded\"", redacted.Conditions[2].Display);
    }
}
