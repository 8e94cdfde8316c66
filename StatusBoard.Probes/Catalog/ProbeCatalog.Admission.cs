namespace StatusBoard.Probes.Catalog;

/// <summary>What a probe must pass to be saved: it parses, it can reach where it points, and it fits the budget.</summary>
public sealed partial class ProbeCatalog
{
    /// <summary>
    /// The gate every probe being saved goes through (the API, /ops, config and Kuma/Gatus imports): it must parse, and
    /// what it connects to must not be a literal address the allow-list refuses — a probe that can never run is refused
    /// with the field and the setting that would allow it, not saved to fail on every run.
    /// </summary>
    public bool TryAdmit(ProbeDocument document, Func<string, bool> componentExists, out ProbeDefinition? probe, out ValidationErrors errors)
    {
        if (!ProbeDefinitionParser.TryParse(document, componentExists, DefinitionSource.Api, out probe, out errors))
        {
            return false;
        }

        foreach (var (field, reason) in Unreachable(probe!))
        {
            errors.Add(field, reason);
        }

        if (probe!.Regions.Count > configuration.Budget.MaxRegionsPerProbe)
        {
            errors.Add("regions", $"has {probe.Regions.Count} regions, over StatusBoard:Probes:MaxRegionsPerProbe ({configuration.Budget.MaxRegionsPerProbe})");
        }

        if (errors.IsEmpty)
        {
            return true;
        }

        probe = null;
        return false;
    }

    /// <summary>
    /// Whether the probes an installation would have after a change fit its budget (<see cref="ProbeBudget"/>); each
    /// breach names its setting. Checked on the whole: a save, or an import of many probes at once.
    /// </summary>
    public ValidationErrors OverBudget(IReadOnlyCollection<ProbeDefinition> resulting, string field)
    {
        var errors = new ValidationErrors();
        var budget = configuration.Budget;
        if (resulting.Count > budget.MaxProbes)
        {
            errors.Add(field, $"would make {resulting.Count} probes, over StatusBoard:Probes:MaxProbes ({budget.MaxProbes})");
        }

        var runs = ProbeBudget.RunsPerSecond(resulting);
        if (runs > budget.MaxRunsPerSecond)
        {
            errors.Add(field, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"would ask for {runs:0.#} probe runs a second, over StatusBoard:Probes:MaxRunsPerSecond ({budget.MaxRunsPerSecond:0.#}): use fewer regions or longer intervals"));
        }

        return errors;
    }

    private IEnumerable<(string Field, string Reason)> Unreachable(ProbeDefinition probe)
    {
        if (destinations is null)
        {
            yield break;
        }

        var requests = probe.Request is { } request ? [("request.url", request)]
            : probe.Steps.Select((step, i) => ($"steps[{i}].request.url", step.Request));
        foreach (var (field, template) in requests)
        {
            if (Uri.TryCreate(Templates.Sample(template.Url), UriKind.Absolute, out var url) && destinations.RefusesLiteral(url) is { } reason)
            {
                yield return (field, reason);
            }
        }

        if (Targets.TryHostPort(probe.Target ?? "", out var host, out var port)
            && destinations.RefusesLiteral(host, port) is { } refused)
        {
            yield return ("target", refused);
        }

        if (probe.Resolver is { } resolver && destinations.RefusesLiteral(resolver.Address.ToString(), resolver.Port) is { } blocked)
        {
            yield return ("resolver", blocked);
        }
    }
}
