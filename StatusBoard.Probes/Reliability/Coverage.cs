using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Reliability;

/// <summary>
/// How much of the time StatusBoard watched each component: the hours in which any of its probes reported in any
/// region, from the hour rollups; for days past their retention, a day with results counts whole. Time before a
/// component's first result, and hours when every region was blind, were not watched: uptime is never claimed for them.
/// </summary>
public sealed class Coverage
{
    private readonly Dictionary<(string Component, DateOnly Day), double> _hours = [];

    public Coverage(IEnumerable<WatchedDay> hours, IEnumerable<DailyTotal> days)
    {
        foreach (var watched in hours)
        {
            _hours[(watched.Component, DateOnly.FromDateTime(watched.Day.UtcDateTime))] = watched.Hours;
        }

        foreach (var day in days.Where(d => d.Total > 0))
        {
            _hours.TryAdd((day.Component, DateOnly.FromDateTime(day.Day.UtcDateTime)), 24);
        }
    }

    /// <summary>Hours of a UTC day in which the component was watched (0 to 24).</summary>
    public double HoursOn(string component, DateOnly day) => _hours.GetValueOrDefault((component, day));

    /// <summary>Minutes watched in [from, to), whole days at a time, never more than the span itself.</summary>
    public double MinutesWatched(string component, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = 0.0;
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day.ToDateTime(TimeOnly.MinValue) < to.UtcDateTime; day = day.AddDays(1))
        {
            minutes += HoursOn(component, day) * 60;
        }

        return Math.Min(minutes, Math.Max(0, (to - from).TotalMinutes));
    }
}
