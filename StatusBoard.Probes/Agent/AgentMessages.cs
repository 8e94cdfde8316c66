using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Agent;

/// <summary><c>POST /api/v1/agent/heartbeat</c>: the agent process is alive; <paramref name="SentAt"/> by its own clock.</summary>
public sealed record AgentHeartbeat(string? Instance, DateTimeOffset SentAt, BufferState Buffer);

/// <summary><c>POST /api/v1/agent/results</c>: one batch of results (or summaries), stamped with the agent's clock when sent.</summary>
public sealed record AgentDelivery(string BatchId, DateTimeOffset SentAt, IReadOnlyList<ProbeResult> Results, IReadOnlyList<ResultSummary> Summaries);
