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
    private readonly DayCalendar _calendar;

    /// <param name="hours">Watched hours counted in <paramref name="calendar"/>'s days.</param>
    /// <param name="days">Day rollups' totals, for days whose hour rollups are gone.</param>
    /// <param name="calendar">The days counted in; UTC's when none is given.</param>
    public Coverage(IEnumerable<WatchedDay> hours, IEnumerable<DailyTotal> days, DayCalendar? calendar = null)
    {
        _calendar = calendar ?? DayCalendar.Utc;
        foreach (var watched in hours)
        {
            _hours[(watched.Component, _calendar.DateAt(watched.Day))] = watched.Hours;
        }

        foreach (var day in days.Where(d => d.Total > 0))
        {
            var date = _calendar.DateOfBucket(day.Day);
            _hours.TryAdd((day.Component, date), _calendar.HoursIn(date));
        }
    }

    /// <summary>Hours of a day in which the component was watched (0 to the day's length).</summary>
    public double HoursOn(string component, DateOnly day) => _hours.GetValueOrDefault((component, day));

    /// <summary>Minutes watched in [from, to), whole days at a time, never more than the span itself.</summary>
    public double MinutesWatched(string component, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = 0.0;
        for (var day = _calendar.DateAt(from); _calendar.StartOf(day) < to; day = day.AddDays(1))
        {
            minutes += HoursOn(component, day) * 60;
        }

        return Math.Min(minutes, Math.Max(0, (to - from).TotalMinutes));
    }
}
