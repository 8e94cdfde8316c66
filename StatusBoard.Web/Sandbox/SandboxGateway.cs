using System.Text.Json;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Sandbox;

/// <summary>
/// The built-in sandbox wallet gateway: payments, balance, transfers, top-ups and sign-in per region, and the
/// fault switch. It is a demo and a test target, clearly labelled as such in every response.
/// </summary>
public static class SandboxGateway
{
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/sandbox").WithTags("Sandbox");
        sandbox.MapGet("/faults", (SandboxFaults faults) => TypedResults.Ok(faults.All));
        sandbox.MapPost("/faults", SetFaultAsync).RequireAuthorization(Accounts.Roles.Operator);

        // The platform's public ping URL as the public page's self-check reaches it from the user's browser.
        // It plays the faults that stop the platform answering (outage, timeout, latency) of the region asked for, so the
        // self-check never says "the platform answers" while the demo platform is down.
        sandbox.MapGet("/ping", PingAsync).RequireCors(Api.Statuspage.StatuspageApi.CorsPolicy);

        var region = sandbox.MapGroup("/{region}");
        region.MapPost("/v2/payments", CreatePaymentAsync);
        region.MapGet("/v2/payments/{id}", GetPaymentAsync);
        region.MapPost("/v2/payments/{id}/refund", RefundAsync);
        region.MapGet("/v2/balance", BalanceAsync);
        region.MapPost("/v2/transfers", (string region, HttpContext http, SandboxFaults faults, TimeProvider time) =>
            Simple(region, "transfers", http, faults, time, amount => new { id = $"tr_{Guid.NewGuid():N}", status = "succeeded", amount, currency = "CNY" }));
        region.MapPost("/v2/topups", (string region, HttpContext http, SandboxFaults faults, TimeProvider time) =>
            Simple(region, "topup", http, faults, time, amount => new { id = $"tu_{Guid.NewGuid():N}", status = "succeeded", amount, currency = "CNY" }));
        region.MapPost("/v2/sessions", (string region, HttpContext http, SandboxFaults faults, TimeProvider time) =>
            Simple(region, "signin", http, faults, time, _ => new { status = "signed_in", token = "sandbox-session", expiresIn = 3600 }));
        region.Map("/v1/payments/{**rest}", () => Error(StatusCodes.Status426UpgradeRequired, "API_VERSION_UNSUPPORTED", "API v1 is retired; use /v2"));
        return app;
    }

    private static async Task<IResult> SetFaultAsync(HttpContext http, SandboxFaults faults)
    {
        var (request, problem) = await JsonBody.ReadAsync<FaultRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var region = request!.Region?.Trim() ?? "";
        if (region != "*" && !ProbeDefinitionParser.RegionPattern().IsMatch(region))
        {
            errors.Add("region", "must be a region name such as sg, or * for every region");
        }

        var endpoint = request.Endpoint?.Trim() ?? "*";
        if (endpoint != "*" && !SandboxFaults.Endpoints.Contains(endpoint))
        {
            errors.Add("endpoint", $"must be * or one of: {string.Join(", ", SandboxFaults.Endpoints)}");
        }

        if (!WireNames.TryParse<SandboxFault>(request.Fault, out var fault))
        {
            errors.Add("fault", $"must be one of: {string.Join(", ", WireNames.All<SandboxFault>())}");
        }

        if (request.LatencyMs is < 0 or > 120_000)
        {
            errors.Add("latencyMs", "must be between 0 and 120000");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var setting = new SandboxFaultSetting(region, endpoint, fault, request.LatencyMs ?? 1500);
        faults.Set(setting);
        return TypedResults.Ok(setting);
    }

    private static async Task<IResult> PingAsync(HttpContext http, SandboxFaults faults, TimeProvider time)
    {
        var asked = http.Request.Query["region"].ToString();
        var region = asked.Length > 0 && ProbeDefinitionParser.RegionPattern().IsMatch(asked) ? asked : "*";
        if (faults.For(region, "ping")?.Fault is SandboxFault.Outage or SandboxFault.Timeout or SandboxFault.Latency)
        {
            var (result, _) = await PlayAsync(region, "ping", http, faults, time);
            return result ?? TypedResults.NoContent();
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreatePaymentAsync(string region, HttpContext http, SandboxFaults faults, SandboxPayments payments, TimeProvider time)
    {
        var fault = await PlayAsync(region, "payments", http, faults, time);
        if (fault.Result is not null)
        {
            return fault.Result;
        }

        var (amount, currency) = await ReadAmountAsync(http);
        if (amount is null)
        {
            return Error(StatusCodes.Status400BadRequest, "INVALID_AMOUNT", "amount must be a positive decimal string such as \"0.01\"");
        }

        var payment = payments.Create(region, fault.Fault == SandboxFault.WrongAmount ? Inflate(amount) : amount, currency, fault.Fault == SandboxFault.StuckPending);
        return TypedResults.Json(View(payment, time, TimeSpan.MaxValue));
    }

    private static async Task<IResult> GetPaymentAsync(string region, string id, HttpContext http, SandboxFaults faults, SandboxPayments payments, SandboxOptions options, TimeProvider time)
    {
        var (answer, payment, fault) = await FindPaymentAsync(region, id, http, faults, payments, time);
        if (answer is not null)
        {
            return answer;
        }

        if (fault == SandboxFault.StuckPending && !payment!.Stuck)
        {
            payments.Update(payment = payment with { Stuck = true });
        }

        return TypedResults.Json(View(payment!, time, options.SettleAfter));
    }

    private static async Task<IResult> RefundAsync(string region, string id, HttpContext http, SandboxFaults faults, SandboxPayments payments, TimeProvider time)
    {
        var (answer, payment, _) = await FindPaymentAsync(region, id, http, faults, payments, time);
        if (answer is not null)
        {
            return answer;
        }

        payments.Update(payment! with { Refunded = true });
        return TypedResults.Json(new { id = payment!.Id, status = "refunded", amount = payment.Amount, currency = payment.Currency, sandbox = true });
    }

    /// <summary>Plays the payments fault, then finds the payment; an answer means the request ends there.</summary>
    private static async Task<(IResult? Answer, SandboxPayment? Payment, SandboxFault Fault)> FindPaymentAsync(
        string region, string id, HttpContext http, SandboxFaults faults, SandboxPayments payments, TimeProvider time)
    {
        var fault = await PlayAsync(region, "payments", http, faults, time);
        if (fault.Result is not null)
        {
            return (fault.Result, null, fault.Fault);
        }

        return payments.Find(region, id) is { } payment
            ? (null, payment, fault.Fault)
            : (Error(StatusCodes.Status404NotFound, "PAYMENT_NOT_FOUND", $"no payment {id} in {region}"), null, fault.Fault);
    }

    private static async Task<IResult> BalanceAsync(string region, HttpContext http, SandboxFaults faults, TimeProvider time)
    {
        var fault = await PlayAsync(region, "balance", http, faults, time);
        return fault.Result ?? TypedResults.Json(new
        {
            currency = "CNY",
            available = fault.Fault == SandboxFault.WrongAmount ? "-100.00" : "100.00",
            region,
            sandbox = true,
        });
    }

    private static async Task<IResult> Simple(string region, string endpoint, HttpContext http, SandboxFaults faults, TimeProvider time, Func<string, object> body)
    {
        var fault = await PlayAsync(region, endpoint, http, faults, time);
        if (fault.Result is not null)
        {
            return fault.Result;
        }

        var (amount, _) = await ReadAmountAsync(http);
        var shown = amount ?? "0.01";
        return TypedResults.Json(body(fault.Fault == SandboxFault.WrongAmount ? Inflate(shown) : shown));
    }

    /// <summary>Plays the fault switched on for this region and endpoint; a result means the fault answered instead.</summary>
    private static async Task<(IResult? Result, SandboxFault Fault)> PlayAsync(string region, string endpoint, HttpContext http, SandboxFaults faults, TimeProvider time)
    {
        http.Response.Headers["X-StatusBoard-Sandbox"] = "true";
        var setting = faults.For(region, endpoint);
        var fault = setting?.Fault ?? SandboxFault.None;
        switch (fault)
        {
            case SandboxFault.Outage:
                return (Error(StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE", "the payment service is unavailable"), fault);
            case SandboxFault.RateLimit:
                http.Response.Headers.RetryAfter = "30";
                return (Error(StatusCodes.Status429TooManyRequests, "RATE_LIMITED", "too many requests"), fault);
            case SandboxFault.RiskBlock:
                return (Error(StatusCodes.Status403Forbidden, "RISK_BLOCKED", "blocked by risk control"), fault);
            case SandboxFault.OldVersion:
                return (Error(StatusCodes.Status426UpgradeRequired, "API_VERSION_UNSUPPORTED", "this API version is no longer supported"), fault);
            case SandboxFault.BadRequest:
                return (Error(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "the request failed validation"), fault);
            case SandboxFault.Timeout:
                // Hold the request until the caller gives up (or two minutes pass).
                await Task.Delay(TimeSpan.FromMinutes(2), time, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return (TypedResults.Empty, fault);
            case SandboxFault.Latency:
                await Task.Delay(TimeSpan.FromMilliseconds(setting!.LatencyMs), time, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return (null, fault);
            default:
                return (null, fault);
        }
    }

    private static object View(SandboxPayment payment, TimeProvider time, TimeSpan settleAfter) => new
    {
        id = payment.Id,
        status = payment.Refunded ? "refunded"
            : payment.Stuck ? "pending"
            : time.GetUtcNow() - payment.CreatedAt >= settleAfter ? "settled"
            : "succeeded",
        amount = payment.Amount,
        currency = payment.Currency,
        region = payment.Region,
        createdAt = payment.CreatedAt,
        sandbox = true,
    };

    private static async Task<(string? Amount, string Currency)> ReadAmountAsync(HttpContext http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var root = document.RootElement;
            var amount = root.TryGetProperty("amount", out var a) ? JsonPathText(a) : null;
            var currency = root.TryGetProperty("currency", out var c) ? JsonPathText(c) ?? "CNY" : "CNY";
            return decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value > 0
                ? (amount, currency)
                : (null, currency);
        }
        catch (JsonException)
        {
            return (null, "CNY");
        }
    }

    private static string? JsonPathText(JsonElement element) =>
        element.ValueKind is JsonValueKind.String or JsonValueKind.Number ? Probes.Conditions.JsonPath.ToText(element) : null;

    private static string Inflate(string amount) =>
        (decimal.Parse(amount, CultureInfo.InvariantCulture) * 10).ToString("0.00", CultureInfo.InvariantCulture);

    private static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new { error = new { code, message }, sandbox = true }, statusCode: status);

    private sealed class FaultRequest
    {
        public string? Region { get; set; }

        public string? Endpoint { get; set; }

        public string? Fault { get; set; }

        public int? LatencyMs { get; set; }
    }
}
