namespace StatusBoard.Probes.Reliability;

/// <summary>
/// One component in one month: availability against its objective over the time it was watched, and how incidents were
/// handled. A month nobody watched has no uptime (null), never 100 %.
/// </summary>
public sealed record MonthlyFigures(
    string Component,
    string Name,
    DateOnly Month,
    double Minutes,
    double DowntimeMinutes,
    double? Uptime,
    double Slo,
    double ErrorBudgetMinutes,
    double ErrorBudgetUsed,
    int Incidents,
    int FalseAlarms,
    double? MttdMinutes,
    double? MttaMinutes,
    double? MttrMinutes)
{
    /// <summary>Minutes of <see cref="Minutes"/> in which StatusBoard watched the component; uptime is over these.</summary>
    public double WatchedMinutes { get; init; } = Minutes;

    /// <summary>The share of the month that was watched, 0 to 1.</summary>
    public double Watched => Minutes <= 0 ? 0 : Math.Round(WatchedMinutes / Minutes, 4);

    /// <summary>Null when nothing was watched: an objective cannot be met or missed without evidence.</summary>
    public bool? MeetsSlo => Uptime is { } uptime ? uptime >= Slo : null;

    /// <summary>Why there is no uptime: <c>no-data</c> when nothing was watched.</summary>
    public string? NoUptimeReason => Uptime is null ? "no-data" : null;
}

/// <summary>Downtime by failure category, largest first, with the running share: the Pareto of what costs most.</summary>
public sealed record CategoryCost(string Category, double DowntimeMinutes, double Share, double Cumulative);

/// <summary>Incidents of a report: how many, how many were false alarms or are still open, and the mean times to detect, acknowledge, resolve.</summary>
public sealed record IncidentSummary(int Incidents, int FalseAlarms, int Open, double? MttdMinutes, double? MttaMinutes, double? MttrMinutes);
