namespace StatusBoard.Probes.Reliability;

/// <summary>One component in one month: availability against its objective, and how incidents were handled.</summary>
public sealed record MonthlyFigures(
    string Component,
    string Name,
    DateOnly Month,
    double Minutes,
    double DowntimeMinutes,
    double Uptime,
    double Slo,
    double ErrorBudgetMinutes,
    double ErrorBudgetUsed,
    int Incidents,
    int FalseAlarms,
    double? MttdMinutes,
    double? MttaMinutes,
    double? MttrMinutes)
{
    public bool MeetsSlo => Uptime >= Slo;
}

/// <summary>Downtime by failure category, largest first, with the running share: the Pareto of what costs most.</summary>
public sealed record CategoryCost(string Category, double DowntimeMinutes, double Share, double Cumulative);

/// <summary>Incidents of a report: how many, how many were false alarms or are still open, and the mean times to detect, acknowledge, resolve.</summary>
public sealed record IncidentSummary(int Incidents, int FalseAlarms, int Open, double? MttdMinutes, double? MttaMinutes, double? MttrMinutes);
