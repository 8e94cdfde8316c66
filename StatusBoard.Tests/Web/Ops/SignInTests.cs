using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Accounts;
using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>Sign-in, roles and sessions, over real HTTP: redirects, refusals by the server, lockout, sessions that end.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?> { ["StatusBoard:Accounts:LockoutAttempts"] = "3" });

    public ValueTask InitializeAsync()
    {
        _app.Client();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("/ops")]
    [InlineData("/ops/users")]
    [InlineData("/ops/keys")]
    [InlineData("/ops/probes/payments-create")]
    [InlineData("/ops/probes/new")]
    public async Task Anonymous_OpsPages_RedirectToSignIn(string path)
    {
        var response = await _app.Client(followRedirects: false).GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Anonymous_PublicPagesAndStatuspageApi_StayOpen()
    {
        var client = _app.Client(followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v2/summary.json", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_ApiWrites_Get401ProblemNotARedirect()
    {
        var response = await _app.Client(followRedirects: false).PostAsJsonAsync("/sandbox/faults", new { region = "sg", fault = "outage" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Admin_SignsIn_AndOpensTheDashboard()
    {
        var client = _app.CookieClient();

        var signedIn = await StatusBoardApp.SignInAsync(client, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "/ops/users");

        Assert.Equal("/ops/users", signedIn.Headers.Location!.OriginalString);
        var page = await client.GetAsync("/ops", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-probe=\"payments-create\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_ReturnUrlElsewhere_IsIgnored()
    {
        var signedIn = await StatusBoardApp.SignInAsync(_app.CookieClient(), StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "//evil.example/ops");

        Assert.Equal("/ops", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Viewer_ReadsTheDashboard_ButTheServerRefusesFaultsAndProbeEdits()
    {
        await CreateUserAsync("viewer@example.com", Roles.Viewer);
        var client = _app.CookieClient();
        await StatusBoardApp.SignInAsync(client, "viewer@example.com", "viewer password 1");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ops", TestContext.Current.CancellationToken)).StatusCode);
        var fault = await client.PostAsJsonAsync("/sandbox/faults", new { region = "sg", fault = "outage" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, fault.StatusCode);
        var probe = await client.PostAsJsonAsync("/api/v1/probes", new { key = "x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, probe.StatusCode);
        var run = await client.PostAsync("/api/v1/probes/payments-create/run", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, run.StatusCode);
        var users = await client.GetAsync("/ops/users", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.Contains("denied=1", users.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(_app.Services.GetRequiredService<StatusBoard.Web.Sandbox.SandboxFaults>().All);
    }

    [Fact]
    public async Task ViewerApiKey_IsRefusedFaults_OperatorKeyMaySwitchThem()
    {
        var keys = _app.Services.GetRequiredService<ApiKeys>();
        var (_, viewerKey) = await keys.CreateAsync("wallboard", Roles.Viewer, TestContext.Current.CancellationToken);
        var (_, operatorKey) = await keys.CreateAsync("chatops", Roles.Operator, TestContext.Current.CancellationToken);
        var client = _app.Client(followRedirects: false);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendFaultAsync(client, viewerKey, "none")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendFaultAsync(client, operatorKey, "none")).StatusCode);
    }

    [Fact]
    public async Task RevokedApiKey_IsRefused()
    {
        var keys = _app.Services.GetRequiredService<ApiKeys>();
        var (info, key) = await keys.CreateAsync("old", Roles.Operator, TestContext.Current.CancellationToken);
        Assert.True(await keys.RevokeAsync(info.Id, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendFaultAsync(_app.Client(followRedirects: false), key, "none")).StatusCode);
        Assert.DoesNotContain(key, string.Join(",", (await keys.ListAsync(TestContext.Current.CancellationToken)).Select(k => k.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswords_LockTheAccount_EvenAgainstTheRightPassword()
    {
        await CreateUserAsync("target@example.com", Roles.Operator);
        var client = _app.CookieClient();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wrong = await StatusBoardApp.SignInAsync(client, "target@example.com", "guess " + attempt);
            Assert.Contains("error=invalid", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var third = await StatusBoardApp.SignInAsync(client, "target@example.com", "guess 3");
        Assert.Contains("error=locked", third.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var right = await StatusBoardApp.SignInAsync(client, "target@example.com", "viewer password 1");
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/ops", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task UnknownEmail_GetsTheSameAnswerAsAWrongPassword()
    {
        var response = await StatusBoardApp.SignInAsync(_app.CookieClient(), "nobody@example.com", "whatever it is");

        Assert.Contains("error=invalid", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("password")]
    [InlineData("role")]
    public async Task ChangedUser_LiveSessionEnds_OnItsNextRequest(string change)
    {
        var user = await CreateUserAsync("changing@example.com", Roles.Operator);
        var client = _app.CookieClient();
        await StatusBoardApp.SignInAsync(client, "changing@example.com", "viewer password 1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ops", TestContext.Current.CancellationToken)).StatusCode);

        var accounts = _app.Services.GetRequiredService<UserAccounts>();
        var errors = change switch
        {
            "disable" => await accounts.UpdateAsync(user.Id, Roles.Operator, disabled: true, null, TestContext.Current.CancellationToken),
            "password" => await accounts.UpdateAsync(user.Id, Roles.Operator, disabled: false, "a brand new password", TestContext.Current.CancellationToken),
            _ => await accounts.UpdateAsync(user.Id, Roles.Viewer, disabled: false, null, TestContext.Current.CancellationToken),
        };
        Assert.True(errors.IsEmpty, errors.ToString());

        var after = await client.GetAsync("/ops", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signin", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_SoACopiedCookieSignsNobodyIn()
    {
        var browser = _app.CookieClient();
        var signedIn = await StatusBoardApp.SignInAsync(browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        var cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(SignInSetup.CookieName, StringComparison.Ordinal)));
        var copy = _app.Client(followRedirects: false);
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/ops/keys", TestContext.Current.CancellationToken)).StatusCode);

        var page = await browser.GetStringAsync("/ops/keys", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var withoutToken = await browser.PostAsync("/signout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        var signedOut = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        var afterwards = await copy.GetAsync("/ops/keys", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal("/signin", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Equal("/signin", afterwards.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn_EvenWithTheRightPassword()
    {
        var user = await CreateUserAsync("gone@example.com", Roles.Viewer);
        await _app.Services.GetRequiredService<UserAccounts>().UpdateAsync(user.Id, Roles.Viewer, disabled: true, null, TestContext.Current.CancellationToken);

        var response = await StatusBoardApp.SignInAsync(_app.CookieClient(), "gone@example.com", "viewer password 1");

        Assert.Contains("error=disabled", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_BadInput_NamesEveryField_AndStoresNothing()
    {
        var accounts = _app.Services.GetRequiredService<UserAccounts>();

        var (user, errors) = await accounts.CreateAsync("not an address", "x", "root", "short", TestContext.Current.CancellationToken);

        Assert.Null(user);
        Assert.Equal(["email", "password", "role"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Single(await _app.Services.GetRequiredService<UserStore>().ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BootstrapAdmin_WithoutPassword_PrintsAGeneratedOneThatSignsIn()
    {
        var database = new SqliteDatabase(Options.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory().FullName, "b.db")}" }), NullLogger<SqliteDatabase>.Instance, [UserStore.Schema]);
        var store = new UserStore(database);
        var accounts = new UserAccounts(store, Options.Create(new AccountOptions()), TimeProvider.System);
        var output = new StringWriter();
        var bootstrap = new BootstrapAdmin(store, accounts, new ConfigurationBuilder().Build(), NullLogger<BootstrapAdmin>.Instance) { Output = output };

        await bootstrap.StartAsync(TestContext.Current.CancellationToken);
        await bootstrap.StartAsync(TestContext.Current.CancellationToken);

        var match = System.Text.RegularExpressions.Regex.Match(output.ToString(), "admin@localhost created with password (\\S+)");
        Assert.True(match.Success, output.ToString());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output.ToString(), "created with password"));
        var outcome = await accounts.SignInAsync(BootstrapAdmin.DefaultEmail, match.Groups[1].Value, TestContext.Current.CancellationToken);
        Assert.Equal(Roles.Admin, Assert.IsType<SignInOutcome.Success>(outcome).User.Role);
    }

    private async Task<User> CreateUserAsync(string email, string role)
    {
        var (user, errors) = await _app.Services.GetRequiredService<UserAccounts>().CreateAsync(email, null, role, "viewer password 1", TestContext.Current.CancellationToken);
        Assert.True(errors.IsEmpty, errors.ToString());
        return user!;
    }

    private static Task<HttpResponseMessage> SendFaultAsync(HttpClient client, string key, string fault)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/faults") { Content = JsonContent.Create(new { region = "sg", endpoint = "payments", fault }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
