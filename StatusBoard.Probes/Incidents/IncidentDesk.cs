using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;

namespace StatusBoard.Probes.Incidents;

/// <summary>
/// What people do with incidents: open one by hand, acknowledge, post public updates and internal notes, set impact
/// and components, write the postmortem, mark a false alarm. Each change is validated, then saved whole under the
/// same lock the engine takes, and public changes are told to the observers (notifications).
/// </summary>
public sealed class IncidentDesk(IncidentStore store, ProbeCatalog catalog, HealthService health, IEnumerable<IIncidentObserver> observers, TimeProvider time)
{
    public const int MaxTitle = 200;
    public const int MaxText = 20_000;

    private static readonly LocalText FalseAlarmText = new("This was a false alarm: our checks failed, the service did not.", "这是一次误报：出问题的是我们的检测，服务本身正常。");

    public async Task<IncidentChange> OpenAsync(ManualIncident request, string by, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var title = LocalText.Check(request.Title, "title", MaxTitle, errors, singleLine: true);
        var message = LocalText.Check(request.Message, "message", MaxText, errors);
        var components = Components(request.Components, errors);
        var impact = request.Impact ?? Impact.Minor;
        if (request.Status == IncidentStatus.Resolved)
        {
            errors.Add("status", "a new incident cannot start resolved");
        }

        if (!errors.IsEmpty)
        {
            return new IncidentChange.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var status = request.Status ?? IncidentStatus.Investigating;
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now).ToString("N")[..16],
            Title = title!.Primary,
            Titles = title.Apart,
            Status = status,
            Impact = impact,
            Scope = Scope.None,
            Components = components,
            StartedAt = request.StartedAt is { } started && started <= now ? started : now,
            DetectedAt = now,
            AcknowledgedAt = now,
            AcknowledgedBy = by,
            UpdatedAt = now,
            Automatic = false,
            Updates = [new IncidentUpdate(NewId(now), status, message!.Primary, now) { Bodies = message.Apart, Author = by, Components = components }],
        };
        await WriteAsync(null, incident, notify: true, cancellationToken);
        return new IncidentChange.Done(incident);
    }

    public Task<IncidentChange> AcknowledgeAsync(string id, string by, CancellationToken cancellationToken) =>
        // Notified: paging services (PagerDuty, Opsgenie) stop paging when someone here has it.
        ChangeAsync(id, notify: true, (incident, now, _) => incident.AcknowledgedAt is not null
            ? incident
            : incident with { AcknowledgedAt = now, AcknowledgedBy = by }, cancellationToken);

    /// <summary>A public update: its status becomes the incident's; <c>resolved</c> resolves it.</summary>
    public Task<IncidentChange> PostUpdateAsync(string id, IncidentStatus status, LocalText? message, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, notify: true, (incident, now, errors) =>
        {
            var body = LocalText.Check(message, "message", MaxText, errors);
            if (!errors.IsEmpty)
            {
                return incident;
            }

            return incident with
            {
                Status = status,
                UpdatedAt = now,
                AcknowledgedAt = incident.AcknowledgedAt ?? now,
                AcknowledgedBy = incident.AcknowledgedBy ?? by,
                MonitoringAt = status == IncidentStatus.Monitoring ? incident.MonitoringAt ?? now : status == IncidentStatus.Resolved ? incident.MonitoringAt : null,
                ResolvedAt = status == IncidentStatus.Resolved ? incident.ResolvedAt ?? now : null,
                Updates = [.. incident.Updates, new IncidentUpdate(NewId(now), status, body!.Primary, now) { Bodies = body.Apart, Author = by, Components = incident.Components }],
            };
        }, cancellationToken);

    /// <summary>A note for the people working on it; never shown on public surfaces nor sent.</summary>
    public Task<IncidentChange> AddNoteAsync(string id, LocalText? message, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, notify: false, (incident, now, errors) =>
        {
            var body = LocalText.Check(message, "message", MaxText, errors)?.Primary;
            return errors.IsEmpty
                ? incident with { Updates = [.. incident.Updates, new IncidentUpdate(NewId(now), incident.Status, body!, now, Public: false) { Author = by }] }
                : incident;
        }, cancellationToken);

    public Task<IncidentChange> SetImpactAsync(string id, Impact? impact, IReadOnlyList<string>? components, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, notify: false, (incident, now, errors) =>
        {
            var affected = components is null ? incident.Components : Components(components, errors);
            foreach (var missing in incident.DetectedKeys.Where(key => components is not null && !affected.Any(c => c.Key == key)))
            {
                errors.Add("components", $"must keep '{missing}', whose probes are part of this incident");
            }

            if (!errors.IsEmpty)
            {
                return incident;
            }

            // The probed components stay first, in the order they joined; the engine follows the incident by them.
            var detected = incident.DetectedKeys;
            var ordered = detected.Select(key => incident.Components.FirstOrDefault(c => c.Key == key)).OfType<AffectedComponent>()
                .Concat(affected.Where(c => !detected.Contains(c.Key))).ToList();
            return incident with { Impact = impact ?? incident.Impact, Components = ordered, UpdatedAt = now };
        }, cancellationToken);

    public Task<IncidentChange> WritePostmortemAsync(string id, LocalText? text, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, notify: false, (incident, now, errors) =>
        {
            var body = LocalText.Check(text, "postmortem", MaxText, errors);
            return body is not null ? incident with { Postmortem = body.Primary, Postmortems = body.Apart, PostmortemAt = now } : incident;
        }, cancellationToken);

    /// <summary>An automatic incident that was not real: resolved if open, kept, and left out of uptime.</summary>
    public Task<IncidentChange> MarkFalseAlarmAsync(string id, string by, CancellationToken cancellationToken) =>
        ChangeAsync(id, notify: true, (incident, now, errors) =>
        {
            if (!incident.Automatic)
            {
                errors.Add("id", "only an automatic incident can be a false alarm; resolve one opened by hand instead");
                return incident;
            }

            var note = new IncidentUpdate(NewId(now), incident.Status, $"Marked a false alarm by {by}.", now, Public: false) { Author = by };
            return incident.IsOpen
                ? incident with
                {
                    FalseAlarm = true, Status = IncidentStatus.Resolved, ResolvedAt = now, UpdatedAt = now,
                    Updates = [.. incident.Updates, note, new IncidentUpdate(NewId(now), IncidentStatus.Resolved, FalseAlarmText.En!, now) { Bodies = FalseAlarmText, Author = by }],
                }
                : incident with { FalseAlarm = true, Updates = [.. incident.Updates, note] };
        }, cancellationToken);

    private async Task<IncidentChange> ChangeAsync(string id, bool notify, Func<Incident, DateTimeOffset, ValidationErrors, Incident> change, CancellationToken cancellationToken)
    {
        Incident? before;
        Incident after;
        await using (await store.HoldAsync(cancellationToken))
        {
            before = await store.FindAsync(id, cancellationToken);
            if (before is null)
            {
                return new IncidentChange.NotFound(id);
            }

            var errors = new ValidationErrors();
            after = change(before, time.GetUtcNow(), errors);
            if (!errors.IsEmpty)
            {
                return new IncidentChange.Invalid(errors);
            }

            if (after != before)
            {
                await store.SaveAsync(after, cancellationToken);
            }
        }

        if (notify && after != before)
        {
            await NotifyAsync(before, after, cancellationToken);
        }

        return new IncidentChange.Done(after);
    }

    private async Task WriteAsync(Incident? before, Incident after, bool notify, CancellationToken cancellationToken)
    {
        await using (await store.HoldAsync(cancellationToken))
        {
            await store.SaveAsync(after, cancellationToken);
        }

        if (notify)
        {
            await NotifyAsync(before ?? after with { Updates = [] }, after, cancellationToken);
        }
    }

    private async Task NotifyAsync(Incident before, Incident after, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.OnIncidentChangedAsync(before, after, cancellationToken);
        }
    }

    private List<AffectedComponent> Components(IReadOnlyList<string>? keys, ValidationErrors errors)
    {
        var snapshot = catalog.Current;
        var current = health.Current().ToDictionary(c => c.Key);
        var list = new List<AffectedComponent>();
        foreach (var key in (keys ?? []).Distinct(StringComparer.Ordinal))
        {
            if (snapshot.FindComponent(key) is { } component)
            {
                list.Add(new AffectedComponent(key, component.Name, current.TryGetValue(key, out var now) ? now.Status : HealthStatus.Operational));
            }
            else
            {
                errors.Add("components", $"'{key}' is not a component");
            }
        }

        if (list.Count == 0 && errors.IsEmpty)
        {
            errors.Add("components", "name at least one affected component");
        }

        return list;
    }

    private static string NewId(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N")[..16];
}

/// <summary>An incident a person opens.</summary>
public sealed record ManualIncident
{
    /// <summary>A plain string, or the title per language (<c>{"en": "…", "zh-CN": "…"}</c>).</summary>
    public LocalText? Title { get; init; }

    public LocalText? Message { get; init; }

    public IncidentStatus? Status { get; init; }

    public Impact? Impact { get; init; }

    public IReadOnlyList<string>? Components { get; init; }

    /// <summary>When users were first affected, if before now.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>What came of a change to an incident.</summary>
public abstract record IncidentChange
{
    private IncidentChange()
    {
    }

    public sealed record Done(Incident Incident) : IncidentChange;

    public sealed record NotFound(string Id) : IncidentChange;

    public sealed record Invalid(ValidationErrors Errors) : IncidentChange;
}
