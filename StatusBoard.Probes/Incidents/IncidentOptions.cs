namespace StatusBoard.Probes.Incidents;

/// <summary><c>StatusBoard:Incidents</c>.</summary>
public sealed class IncidentOptions
{
    /// <summary>How long a component must stay out of <c>operational</c> before an incident opens.</summary>
    public TimeSpan ConfirmationPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a recovered component must stay healthy before its incident is resolved.</summary>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failures that start within this time of an incident, on the same regions or scope, join it.</summary>
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often health is compared with the open incidents.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);
}
