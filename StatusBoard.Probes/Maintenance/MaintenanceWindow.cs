using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Cronos;

namespace StatusBoard.Probes.Maintenance;

[JsonConverter(typeof(WireEnumConverter<MaintenanceStatus>))]
public enum MaintenanceStatus
{
    Scheduled,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    Verifying,
    Completed,
}

[JsonConverter(typeof(WireEnumConverter<Recurrence>))]
public enum Recurrence
{
    None,
    Daily,
    Weekly,

    /// <summary>Starts at the times of <see cref="MaintenanceWindow.Cron"/> (five fields, UTC).</summary>
    Cron,
}

/// <summary>
/// Planned work on some components, announced on the public page; it suppresses incidents while it runs. A recurring
/// window repeats daily, weekly, or at the times of a cron expression, from its first occurrence, with the same length,
/// until <see cref="Until"/>. After each occurrence it is <c>verifying</c> for <see cref="VerifyFor"/>: the probes count
/// again, and the page says the work is being checked.
/// </summary>
public sealed record MaintenanceWindow
{
    public required string Id { get; init; }

    /// <summary>The title in English, or as written when there is no English.</summary>
    public required string Title { get; init; }

    /// <summary>The title as written in each language; none: <see cref="Title"/> in both.</summary>
    public Common.LocalText? Titles { get; init; }

    [JsonIgnore]
    public Common.LocalText TitleText => Titles ?? Common.LocalText.Both(Title);

    public string? Message { get; init; }

    /// <summary>The message as written in each language; none: <see cref="Message"/> in both.</summary>
    public Common.LocalText? Messages { get; init; }

    [JsonIgnore]
    public Common.LocalText? MessageText => Messages ?? (Message is { Length: > 0 } text ? Common.LocalText.Both(text) : null);

    public required IReadOnlyList<string> Components { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public Recurrence Recurrence { get; init; }

    /// <summary>No occurrence of a recurring window starts after this; none means it repeats for ever.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>For <see cref="Recurrence.Cron"/>: when occurrences start, e.g. <c>0 2 * * 0</c> (Sundays 02:00 UTC).</summary>
    public string? Cron { get; init; }

    /// <summary>How long after each occurrence the window stays <c>verifying</c>; zero goes straight to completed.</summary>
    public TimeSpan VerifyFor { get; init; }

    /// <summary>Occurrences that were ended before their planned end (by their start), newest last.</summary>
    public IReadOnlyList<EarlyEnd> EndedEarly { get; init; } = [];

    private static readonly ConcurrentDictionary<string, CronExpression> Expressions = new(StringComparer.Ordinal);

    private TimeSpan Length => EndsAt - StartsAt;

    /// <summary>When the last occurrence can end: the end of a one-off, <see cref="Until"/> plus a length, or never.</summary>
    public DateTimeOffset LastEnd => Recurrence == Recurrence.None ? EndsAt : Until is { } until ? until + Length : DateTimeOffset.MaxValue;

    /// <summary>Whether a cron expression is valid, with the parser's reason when not.</summary>
    public static bool TryParseCron(string? text, out string? error)
    {
        error = null;
        try
        {
            CronExpression.Parse(text ?? "", CronFormat.Standard);
            return true;
        }
        catch (CronFormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The occurrence in progress at a time, or else the next one; null when none is left.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? OccurrenceAt(DateTimeOffset now)
    {
        foreach (var start in Starts(now - Length, now + TimeSpan.FromDays(400)))
        {
            if (EndOf(start) > now)
            {
                return (start, EndOf(start));
            }
        }

        return null;
    }

    /// <summary>When the occurrence that started at a time ends: as planned, or when it was ended early.</summary>
    public DateTimeOffset EndOf(DateTimeOffset start)
    {
        foreach (var early in EndedEarly)
        {
            if (early.Start == start)
            {
                return early.EndedAt;
            }
        }

        return start + Length;
    }

    /// <summary>The window with its occurrence in progress ended at <paramref name="now"/>; null when none is in progress.</summary>
    public MaintenanceWindow? EndedAt(DateTimeOffset now)
    {
        if (OccurrenceAt(now) is not var (start, _) || now < start)
        {
            return null;
        }

        // A one-off simply ends now; a recurring window remembers which occurrence ended early (the last few).
        return Recurrence == Recurrence.None
            ? this with { EndsAt = now }
            : this with { EndedEarly = [.. EndedEarly.TakeLast(9), new EarlyEnd(start, now)] };
    }

    /// <summary>Whether any occurrence has started by <paramref name="now"/>.</summary>
    public bool HasStarted(DateTimeOffset now) => StartsAt <= now;

    /// <summary>Where the window stands at a given time: before, during, just after (verifying), or done.</summary>
    public MaintenanceStatus StatusAt(DateTimeOffset now)
    {
        var occurrence = OccurrenceAt(now);
        if (occurrence is var (start, _) && now >= start)
        {
            return MaintenanceStatus.InProgress;
        }

        if (VerifyFor > TimeSpan.Zero && Starts(now - Length - VerifyFor, now).Any(start => EndOf(start) <= now && EndOf(start) + VerifyFor > now))
        {
            return MaintenanceStatus.Verifying;
        }

        return occurrence is null ? MaintenanceStatus.Completed : MaintenanceStatus.Scheduled;
    }

    public bool Covers(string component, DateTimeOffset now) => StatusAt(now) == MaintenanceStatus.InProgress && Components.Contains(component);

    /// <summary>Occurrence starts within [from, to], oldest first, none before <see cref="StartsAt"/> nor after <see cref="Until"/>.</summary>
    private IEnumerable<DateTimeOffset> Starts(DateTimeOffset from, DateTimeOffset to)
    {
        if (from < StartsAt)
        {
            from = StartsAt;
        }

        if (Until is { } until && until < to)
        {
            to = until;
        }

        if (to < from)
        {
            yield break;
        }

        switch (Recurrence)
        {
            case Recurrence.None:
                if (StartsAt >= from && StartsAt <= to)
                {
                    yield return StartsAt;
                }

                break;
            case Recurrence.Daily or Recurrence.Weekly:
                var period = Recurrence == Recurrence.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
                var k = (long)Math.Ceiling((from - StartsAt).Ticks / (double)period.Ticks);
                for (var start = StartsAt + TimeSpan.FromTicks(period.Ticks * Math.Max(0, k)); start <= to; start += period)
                {
                    yield return start;
                }

                break;
            case Recurrence.Cron:
                var expression = Expressions.GetOrAdd(Cron ?? "", text => CronExpression.Parse(text, CronFormat.Standard));
                foreach (var start in expression.GetOccurrences(from.UtcDateTime, to.UtcDateTime, fromInclusive: true, toInclusive: true))
                {
                    yield return new DateTimeOffset(start, TimeSpan.Zero);
                }

                break;
        }
    }
}

/// <summary>An occurrence of a maintenance window ended before its planned end.</summary>
public sealed record EarlyEnd(DateTimeOffset Start, DateTimeOffset EndedAt);
