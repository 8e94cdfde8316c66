namespace StatusBoard.Probes.Incidents;

/// <summary>Told of every incident change once it is stored, and awaited, so what it queues is not lost.</summary>
public interface IIncidentObserver
{
    Task OnIncidentChangedAsync(Incident previous, Incident current, CancellationToken cancellationToken);
}
