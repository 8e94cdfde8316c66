using StatusBoard.Probes.Storage;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary><c>GET /api/v1/results?probe=&amp;region=&amp;since=&amp;limit=</c>, newest first.</summary>
public static class ResultsApi
{
    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/results", QueryAsync).WithTags("Results").RequireAuthorization(Roles.Viewer).Answers<List<ResultView>>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpContext http, IResultStore store, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var errors = new ValidationErrors();
        DateTimeOffset? since = null;
        if (query["since"].ToString() is { Length: > 0 } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                errors.Add("since", "must be an ISO-8601 time such as 2026-11-25T08:00:00Z");
            }
        }

        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
        {
            errors.Add("limit", "must be a whole number from 1 to 1000");
        }

        var probe = query["probe"].ToString();
        var region = query["region"].ToString();
        if (probe.Length > 64)
        {
            errors.Add("probe", "is at most 64 characters");
        }

        if (region.Length > 32)
        {
            errors.Add("region", "is at most 32 characters");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var results = await store.QueryAsync(new ResultQuery(probe.Length == 0 ? null : probe, region.Length == 0 ? null : region, since, limit), cancellationToken);
        return TypedResults.Ok(results.Select(ResultView.From));
    }
}
