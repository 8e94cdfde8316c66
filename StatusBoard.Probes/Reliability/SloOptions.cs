namespace StatusBoard.Probes.Reliability;

/// <summary><c>StatusBoard:Slo</c>: the availability objective and how much a partial outage counts as downtime.</summary>
public sealed class SloOptions
{
    /// <summary>The objective for every component without its own, e.g. 0.9995 (99.95 %).</summary>
    public double Default { get; set; } = 0.9995;

    /// <summary>Per component key: <c>StatusBoard:Slo:Components:payments</c> = 0.999.</summary>
    public Dictionary<string, double> Components { get; set; } = [];

    /// <summary>A minute of partial outage counts as this fraction of a minute down.</summary>
    public double PartialOutageWeight { get; set; } = 0.5;

    /// <summary>A minute of degraded performance (slow, not failing) counts as this fraction of a minute down.</summary>
    public double DegradedWeight { get; set; }

    public double For(string component) => Components.TryGetValue(component, out var slo) ? slo : Default;
}
