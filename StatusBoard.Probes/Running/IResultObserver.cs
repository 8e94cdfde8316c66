namespace StatusBoard.Probes.Running;

/// <summary>Told of every result once it is classified and queued for storage. Web pushes them to live clients.</summary>
public interface IResultObserver
{
    void OnResult(ProbeResult result);
}
