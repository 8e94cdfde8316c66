namespace StatusBoard.Probes.Storage;

/// <summary>
/// Days from midnight to midnight in one time zone: the days of the day rollups and of the public page's uptime bars
/// (the page's zone, <c>StatusBoard:Page:TimeZone</c>), or UTC's for the reports. A day in a zone that changes its clocks
/// is 23 or 25 hours long.
/// </summary>
public sealed class DayCalendar(TimeZoneInfo zone)
{
    public static DayCalendar Utc { get; } = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone => zone;

    /// <summary>The date in the zone at <paramref name="time"/>.</summary>
    public DateOnly DateAt(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, zone).DateTime);

    /// <summary>When <paramref name="date"/> begins in the zone (its first valid time where midnight is skipped), in UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The start of the day <paramref name="time"/> is in: the bucket of a day rollup.</summary>
    public DateTimeOffset DayOf(DateTimeOffset time) => StartOf(DateAt(time));

    /// <summary>How many hours <paramref name="date"/> has in the zone.</summary>
    public double HoursIn(DateOnly date) => (StartOf(date.AddDays(1)) - StartOf(date)).TotalHours;

    /// <summary>
    /// The date a day rollup stands for: the zone's date at the middle of its bucket. Rollups written before days followed
    /// the page's zone start at UTC midnight; each stands for the zone's date it mostly covers.
    /// </summary>
    public DateOnly DateOfBucket(DateTimeOffset bucket) => DateAt(bucket.AddHours(12));
}
