namespace StatusBoard.Probes.Maintenance;

/// <summary>A maintenance window as written: in the API and in configuration documents. Checked once, with a message per field.</summary>
public sealed class MaintenanceDocument
{
    /// <summary>Kept when given, so that importing the same document twice changes nothing; made up when not.</summary>
    public string? Id { get; set; }

    /// <summary>A plain string, or the title per language (<c>{"en": "…", "zh-CN": "…"}</c>).</summary>
    public LocalText? Title { get; set; }

    public LocalText? Message { get; set; }

    public List<string>? Components { get; set; }

    public DateTimeOffset? StartsAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }

    public string? Recurrence { get; set; }

    public DateTimeOffset? Until { get; set; }

    public string? Cron { get; set; }

    public string? VerifyFor { get; set; }

    public static MaintenanceDocument From(MaintenanceWindow window) => new()
    {
        Id = window.Id,
        Title = window.TitleText,
        Message = window.MessageText,
        Components = [.. window.Components],
        StartsAt = window.StartsAt,
        EndsAt = window.EndsAt,
        Recurrence = window.Recurrence == Maintenance.Recurrence.None ? null : window.Recurrence.ToWire(),
        Until = window.Until,
        Cron = window.Cron,
        VerifyFor = window.VerifyFor > TimeSpan.Zero ? Durations.Format(window.VerifyFor) : null,
    };

    public static bool TryParse(MaintenanceDocument document, Func<string, ComponentDefinition?> componentOf, DateTimeOffset now, out MaintenanceWindow? window, out ValidationErrors errors)
    {
            errors = new ValidationErrors();
            window = null;
            var title = LocalText.Check(document.Title, "title", 200, errors, singleLine: true);
            // The message is optional: blank in both languages is none.
            var message = LocalText.FromFields(document.Message?.En, document.Message?.Zh) is { } given ? LocalText.Check(given, "message", 5000, errors) : null;

            var components = document.Components ?? [];
            if (components.Count == 0)
            {
                errors.Add("components", "needs at least one component");
            }

            foreach (var component in components.Where(c => componentOf(c) is null))
            {
                errors.Add("components", $"'{component}' is not a known component");
            }

            if (document.StartsAt is not { } starts || document.EndsAt is not { } ends)
            {
                errors.Add("startsAt", "startsAt and endsAt are required ISO-8601 times");
            }
            else if (ends <= starts || ends - starts > TimeSpan.FromDays(31))
            {
                errors.Add("endsAt", "must be after startsAt, and the window at most 31 days long");
            }

            var recurrence = Maintenance.Recurrence.None;
            if (document.Recurrence is not null && !WireNames.TryParse(document.Recurrence, out recurrence))
            {
                errors.Add("recurrence", "must be none, daily, weekly or cron");
            }
            else if (recurrence is Maintenance.Recurrence.Daily or Maintenance.Recurrence.Weekly && document.StartsAt is { } first && document.EndsAt is { } last
                     && last - first >= (recurrence == Maintenance.Recurrence.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7)))
            {
                errors.Add("endsAt", "a recurring window must be shorter than its period");
            }

            if (recurrence == Maintenance.Recurrence.Cron && !MaintenanceWindow.TryParseCron(document.Cron, out var cronError))
            {
                errors.Add("cron", $"must be a five-field cron expression in UTC, e.g. \"0 2 * * 0\" for Sundays at 02:00: {cronError}");
            }
            else if (recurrence != Maintenance.Recurrence.Cron && document.Cron is not null)
            {
                errors.Add("cron", "is only for recurrence \"cron\"");
            }

            var verifyFor = TimeSpan.Zero;
            if (document.VerifyFor is { Length: > 0 } verify && (!Durations.TryParse(verify, out verifyFor, out _) || verifyFor > TimeSpan.FromDays(1)))
            {
                errors.Add("verifyFor", "must be a duration such as \"15m\", at most 1 day");
            }

            if (!errors.IsEmpty)
            {
                return false;
            }

            window = new MaintenanceWindow
            {
                Id = document.Id is { Length: > 0 } id ? id : Guid.CreateVersion7(now).ToString("N")[..16],
                Title = title!.Primary,
                Titles = title.Apart,
                Message = message?.Primary,
                Messages = message?.Apart,
                Components = components.Distinct(StringComparer.Ordinal).ToList(),
                StartsAt = document.StartsAt!.Value.ToUniversalTime(),
                EndsAt = document.EndsAt!.Value.ToUniversalTime(),
                CreatedAt = now,
                Recurrence = recurrence,
                Until = document.Until?.ToUniversalTime(),
                Cron = recurrence == Maintenance.Recurrence.Cron ? document.Cron!.Trim() : null,
                VerifyFor = verifyFor,
            };

        return true;
    }
}
