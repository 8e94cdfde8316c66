using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Reports;

/// <summary>How the user reports of the last minutes compare with the usual count for that hour of the week.</summary>
[JsonConverter(typeof(WireEnumConverter<ReportLevel>))]
public enum ReportLevel
{
    Normal,
    Elevated,
    Spike,
}

/// <summary>
/// Reports in the window against the usual for the same window at that hour of the week. The level is judged on
/// distinct client networks (IPv4 /24, IPv6 /48), so one network sending many reports counts once.
/// </summary>
public sealed record ReportRate(int Recent, double Usual, ReportLevel Level, TimeSpan Window)
{
    /// <summary>Distinct client networks among the recent reports.</summary>
    public int Networks { get; init; }

    /// <summary>
    /// Elevated at twice the usual count, a spike at five times, never below a floor so that a quiet hour's three
    /// reports are not called a spike.
    /// </summary>
    public static ReportLevel LevelOf(int recent, double usual) =>
        recent >= Math.Max(5 * usual, 20) ? ReportLevel.Spike
        : recent >= Math.Max(2 * usual, 5) ? ReportLevel.Elevated
        : ReportLevel.Normal;
}
