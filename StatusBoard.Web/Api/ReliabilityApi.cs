using StatusBoard.Probes.Reliability;
using StatusBoard.Web.Accounts;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>GET /api/v1/reports/monthly?from=&amp;to=</c> (JSON), and the CSV exports of <c>/reports</c>:
/// <c>/api/v1/reports/monthly.csv</c> and <c>/api/v1/reports/incidents.csv</c> with the same filters. Viewer and up.
/// </summary>
public static class ReliabilityApi
{
    public static IEndpointRouteBuilder MapReliabilityApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(Roles.Viewer);
        reports.MapGet("/monthly", (HttpContext http, ReliabilityReport report, TimeProvider time) =>
            WithReportAsync(http, report, time, view => TypedResults.Ok(new MonthlyReportView(
                view.Query.From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                view.Query.To.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                [.. view.Monthly.Select(m => new MonthView(
                    m.Component,
                    m.Name,
                    m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                    m.Minutes,
                    Math.Round(m.DowntimeMinutes, 3),
                    m.Uptime is { } uptime ? Math.Round(uptime, 6) : null,
                    m.NoUptimeReason,
                    Math.Round(m.WatchedMinutes, 3),
                    m.Watched,
                    m.Slo,
                    m.MeetsSlo,
                    Math.Round(m.ErrorBudgetMinutes, 3),
                    double.IsFinite(m.ErrorBudgetUsed) ? Math.Round(m.ErrorBudgetUsed, 4) : null,
                    m.Incidents,
                    m.FalseAlarms,
                    Round(m.MttdMinutes),
                    Round(m.MttaMinutes),
                    Round(m.MttrMinutes)))],
                [.. view.Pareto.Select(p => new CategoryCost(p.Category, Math.Round(p.DowntimeMinutes, 3), Math.Round(p.Share, 4), Math.Round(p.Cumulative, 4)))]))))
            .Answers<MonthlyReportView>().ProducesValidationProblem();
        reports.MapGet("/monthly.csv", (HttpContext http, ReliabilityReport report, TimeProvider time) =>
            WithReportAsync(http, report, time, view =>
            {
                var csv = new Csv().Row("component", "name", "month", "minutes", "watched_minutes", "downtime_minutes", "uptime", "slo", "meets_slo",
                    "error_budget_minutes", "error_budget_used", "incidents", "false_alarms", "mttd_minutes", "mtta_minutes", "mttr_minutes");
                foreach (var m in view.Monthly)
                {
                    csv.Row(m.Component, m.Name, m.Month, m.Minutes, m.WatchedMinutes, m.DowntimeMinutes, m.Uptime is { } uptime ? uptime : "no data", m.Slo,
                        m.MeetsSlo is { } met ? met : "no data", m.ErrorBudgetMinutes,
                        m.ErrorBudgetUsed, m.Incidents, m.FalseAlarms, m.MttdMinutes, m.MttaMinutes, m.MttrMinutes);
                }

                return File(csv, $"statusboard-monthly-{view.Query.From:yyyy-MM}-{view.Query.To:yyyy-MM}.csv");
            })).Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        reports.MapGet("/incidents.csv", (HttpContext http, ReliabilityReport report, TimeProvider time) =>
            WithReportAsync(http, report, time, view =>
            {
                var csv = new Csv().Row("id", "title", "status", "impact", "scope", "regions", "components", "categories", "automatic", "false_alarm",
                    "started_at", "detected_at", "acknowledged_at", "resolved_at", "duration_minutes");
                foreach (var i in view.Incidents)
                {
                    csv.Row(i.Id, i.Title, i.Status.ToWire(), i.Impact.ToWire(), i.Scope.ToWire(), string.Join(" ", i.Regions),
                        string.Join(" ", i.Components.Select(c => c.Key)), string.Join(" ", i.Categories.Select(c => $"{c.Key}:{c.Value}")),
                        i.Automatic, i.FalseAlarm, i.StartedAt, i.DetectedAt, i.AcknowledgedAt, i.ResolvedAt,
                        i.ResolvedAt is { } end ? (end - i.StartedAt).TotalMinutes : null);
                }

                return File(csv, $"statusboard-incidents-{view.Query.From:yyyy-MM}-{view.Query.To:yyyy-MM}.csv");
            })).Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> WithReportAsync(HttpContext http, ReliabilityReport report, TimeProvider time, Func<ReportView, IResult> answer)
    {
        var query = ReportQuery.TryParse(name => http.Request.Query[name].ToString(), time.GetUtcNow(), out var errors);
        return query is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The report's filters are invalid")
            : answer(await report.BuildAsync(query, http.RequestAborted));
    }

    private static IResult File(Csv csv, string name) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}

/// <summary>The monthly report: each component's months, and downtime by failure category (a Pareto, largest first).</summary>
public sealed record MonthlyReportView(string From, string To, IReadOnlyList<MonthView> Months, IReadOnlyList<Probes.Reliability.CategoryCost> Pareto);

/// <summary>
/// One component's month. <c>uptime</c> and <c>meetsSlo</c> are written as null, not left out, when StatusBoard did not
/// watch enough of the month to say (<c>uptimeReason</c> says why): no data is an answer.
/// </summary>
public sealed record MonthView(
    string Component,
    string Name,
    string Month,
    double Minutes,
    double DowntimeMinutes,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? Uptime,
    string? UptimeReason,
    double WatchedMinutes,
    double Watched,
    double Slo,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] bool? MeetsSlo,
    double ErrorBudgetMinutes,
    double? ErrorBudgetUsed,
    int Incidents,
    int FalseAlarms,
    double? MttdMinutes,
    double? MttaMinutes,
    double? MttrMinutes);
