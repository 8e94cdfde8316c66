using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.RateLimiting;
using StatusBoard.Web.Api;
using StatusBoard.Web.Components.Public;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Subscribers;

/// <summary>
/// Subscribing to the public page: <c>POST /api/v1/subscribers</c> for programs and the wallet app, the form on <c>/</c>
/// for people (no JavaScript needed), the confirm and unsubscribe links of the messages (a page with one button; mail
/// clients' one-click POST, RFC 8058), and counts and removal for admins. Nothing says whether an address was known.
/// </summary>
public static class SubscribersApi
{
    public const string PerNetworkPolicy = "subscribers-per-network";

    public static void AddSubscriberLimits(this RateLimiterOptions options, SubscriberOptions limits) =>
        options.AddPolicy(PerNetworkPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            ClientNetwork.Of(http.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerNetworkLimit, Window = limits.PerNetworkWindow, QueueLimit = 0 }));

    public static IEndpointRouteBuilder MapSubscribersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/subscribers", SubscribeAsync).WithTags("Subscribers").RequireRateLimiting(PerNetworkPolicy)
            .ReadsJson<SubscribeRequest>().Answers<SubscriptionReceipt>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapGet("/api/v1/subscribers", async (SubscriberStore store, Probes.Notifications.Outbox outbox, CancellationToken cancellationToken) =>
            {
                var counts = await store.CountAsync(cancellationToken);
                var (sent, waiting, failing) = await outbox.SubscriberDeliveriesAsync(cancellationToken);
                return TypedResults.Ok(new { email = counts.Email, pending = counts.Pending, webhook = counts.Webhook, allComponents = counts.AllComponents, components = counts.ByComponent, deliveries = new { sent, waiting, failing } });
            })
            .WithTags("Subscribers").RequireAuthorization(ApiKeys.AdminPolicy);
        app.MapDelete("/api/v1/subscribers", async (string? address, Subscriptions subscriptions, CancellationToken cancellationToken) =>
                string.IsNullOrWhiteSpace(address) ? JsonBody.Problem(StatusCodes.Status400BadRequest, "No address", "Give ?address= with the e-mail address or webhook URL to remove.")
                : await subscriptions.RemoveAsync(address, cancellationToken) ? TypedResults.NoContent()
                : JsonBody.Problem(StatusCodes.Status404NotFound, "Not subscribed", "No subscriber has that address."))
            .WithTags("Subscribers").RequireAuthorization(ApiKeys.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        // The page's form and the links of the messages: plain pages of an anonymous site; there is no session to forge.
        app.MapPost("/subscribe", SubscribeFormAsync).RequireRateLimiting(PerNetworkPolicy).DisableAntiforgery();
        app.MapGet("/subscribers/pending", (Delegate)((HttpContext http) => PageAsync(http, "pending")));
        app.MapGet("/subscribers/confirm", async (HttpContext http, string? id, string? token, Subscriptions subscriptions) =>
            await subscriptions.IsValidAsync(id, token, http.RequestAborted) ? await PageAsync(http, "confirm", id, token) : await PageAsync(http, "invalid", status: StatusCodes.Status404NotFound));
        app.MapPost("/subscribers/confirm", async (HttpContext http, Subscriptions subscriptions) =>
        {
            var (id, token) = await LinkAsync(http);
            return await subscriptions.ConfirmAsync(id, token, http.RequestAborted) switch
            {
                LinkOutcome.Done or LinkOutcome.AlreadyDone => await PageAsync(http, "confirmed"),
                LinkOutcome.Expired => await PageAsync(http, "expired", status: StatusCodes.Status410Gone),
                _ => await PageAsync(http, "invalid", status: StatusCodes.Status404NotFound),
            };
        }).DisableAntiforgery();
        app.MapGet("/subscribers/unsubscribe", async (HttpContext http, string? id, string? token, Subscriptions subscriptions) =>
            await subscriptions.IsValidAsync(id, token, http.RequestAborted) ? await PageAsync(http, "unsubscribe", id, token) : await PageAsync(http, "invalid", status: StatusCodes.Status404NotFound));
        // RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" to the link itself; the page's button posts the same.
        app.MapPost("/subscribers/unsubscribe", async (HttpContext http, Subscriptions subscriptions) =>
        {
            var (id, token) = await LinkAsync(http);
            return await subscriptions.UnsubscribeAsync(id, token, http.RequestAborted) == LinkOutcome.Done
                ? await PageAsync(http, "unsubscribed")
                : await PageAsync(http, "invalid", status: StatusCodes.Status404NotFound);
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SubscribeAsync(HttpContext http, Subscriptions subscriptions)
    {
        var (request, problem) = await JsonBody.ReadAsync<SubscribeRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = await subscriptions.SubscribeAsync(request!, PublicPage.Language(http), http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The subscription is invalid");
        }

        return TypedResults.Json(new SubscriptionReceipt(
            "accepted",
            string.IsNullOrWhiteSpace(request!.Email)
                ? "The webhook will receive incidents and maintenance of the components it follows."
                : "If the address can receive mail, a message with a link to confirm is on its way; nothing else is sent until it is confirmed."),
            Probes.Common.Json.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> SubscribeFormAsync(HttpContext http, Subscriptions subscriptions, ReportsOptions origins)
    {
        if (!http.Request.HasFormContentType)
        {
            return JsonBody.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send it as the page's form does (application/x-www-form-urlencoded).");
        }

        if (ReportsApi.IsForeignBrowser(http.Request, origins))
        {
            return JsonBody.Problem(StatusCodes.Status403Forbidden, "Cross-site subscription", "Subscribe on this status page's own form.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var language = PublicTexts.Choose(form["lang"], http.Request.Query["lang"], null);
        var email = form["email"].ToString();
        var components = form["component"].Select(c => c ?? "").ToList();
        var errors = await subscriptions.SubscribeAsync(new SubscribeRequest { Email = email, Components = components, Lang = language }, language, http.RequestAborted);
        if (!errors.IsEmpty)
        {
            var messages = errors.Fields.ToDictionary(field => field, field => PublicTexts.Get(language, $"subscribe.error.{(field == "email" && !subscriptions.EmailAvailable ? "unavailable" : field)}"));
            return await PageAsync(http, "form", status: StatusCodes.Status400BadRequest, errors: messages,
                values: new Dictionary<string, string> { ["email"] = email.Length > Subscriptions.MaxAddress * 2 ? email[..(Subscriptions.MaxAddress * 2)] : email }, chosen: components);
        }

        return TypedResults.Redirect($"/subscribers/pending?lang={language}", permanent: false, preserveMethod: false);
    }

    /// <summary>A link's id and token: from the query (the link itself, as mail clients post it) or the page's form.</summary>
    private static async Task<(string? Id, string? Token)> LinkAsync(HttpContext http)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        string? Read(string name) => http.Request.Query[name].ToString() is { Length: > 0 } value ? value : form?[name].ToString();
        return (Read("id"), Read("token"));
    }

    private static async Task<IResult> PageAsync(HttpContext http, string kind, string? id = null, string? token = null, int status = StatusCodes.Status200OK,
        IReadOnlyDictionary<string, string>? errors = null, IReadOnlyDictionary<string, string>? values = null, IReadOnlyList<string>? chosen = null)
    {
        var language = PublicPage.Language(http);
        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        var html = await PublicPageEndpoints.RenderHtmlAsync<SubscriptionPage>(renderer, new Dictionary<string, object?>
        {
            [nameof(SubscriptionPage.Language)] = language,
            [nameof(SubscriptionPage.Kind)] = kind,
            [nameof(SubscriptionPage.Id)] = id,
            [nameof(SubscriptionPage.Token)] = token,
            [nameof(SubscriptionPage.Errors)] = errors ?? new Dictionary<string, string>(),
            [nameof(SubscriptionPage.Values)] = values ?? new Dictionary<string, string>(),
            [nameof(SubscriptionPage.Chosen)] = chosen ?? [],
        });
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentLanguage = language;
        // The links carry a secret: never sent on to another site.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}

/// <summary>What a subscription request is answered: the same whether the address was known or not.</summary>
public sealed record SubscriptionReceipt(string Status, string Detail);
