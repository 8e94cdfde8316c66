using System.Text.RegularExpressions;

namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 5 of the hardening issue: 80 parallel sign-ins checked 23 passwords and let the right one in, and an API key
/// on the request lifted the per-address sign-in limit. Attempts are now claimed atomically before the password is
/// checked, and nothing lifts the sign-in limit.
/// </summary>
public sealed partial class LockoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<Func<string, string?, Task<HttpResponseMessage>>> SignInFormAsync(StatusBoardApp app, HttpClient client)
    {
        var token = Token().Match(await client.GetStringAsync("/signin", Ct)).Groups[1].Value;
        Assert.NotEmpty(token);
        return (password, from) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["Email"] = StatusBoardApp.AdminEmail, ["Password"] = password, ["ReturnUrl"] = "/ops",
                }),
            };
            if (from is not null)
            {
                request.Headers.Add("X-Forwarded-For", from);
            }

            return client.SendAsync(request, Ct);
        };
    }

    [Fact]
    public async Task EightyParallelSignIns_CheckAtMostLockoutAttemptsPasswords_AndTheRightOneIsRefusedWhileLocked()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Accounts:LockoutAttempts"] = "5" });
        var signIn = await SignInFormAsync(app, app.CookieClient());

        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => signIn($"wrong guess {i}", null)));
        var right = await signIn(StatusBoardApp.AdminPassword, null);

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.Redirect, a.StatusCode));
        var outcomes = answers.Select(a => a.Headers.Location!.OriginalString).ToList();
        // Four wrong passwords are told "invalid"; the fifth locks the account; every other attempt is refused unchecked.
        Assert.Equal(4, outcomes.Count(o => o.Contains("error=invalid", StringComparison.Ordinal)));
        Assert.Equal(76, outcomes.Count(o => o.Contains("error=locked", StringComparison.Ordinal)));
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApiKeyOnTheRequest_DoesNotLiftTheSignInLimit()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
            ["StatusBoard:Accounts:SignInAttemptsPerMinute"] = "2",
        });
        var viewer = await app.ClientWithRoleAsync("viewer");
        var signIn = await SignInFormAsync(app, viewer);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await signIn($"guess {i}", "203.0.113.7")).Headers.Location!.OriginalString);
        }

        Assert.Equal(["error=invalid", "error=invalid", "error=limited"], answers.Select(a => Regex.Match(a, "error=[a-z]+").Value));
    }
}
