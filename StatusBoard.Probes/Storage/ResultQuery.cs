namespace StatusBoard.Probes.Storage;

/// <summary>Which raw results to read, newest first.</summary>
public sealed record ResultQuery(string? Probe = null, string? Region = null, DateTimeOffset? Since = null, int Limit = 100);

/// <summary>Which rollups to read, oldest first.</summary>
public sealed record RollupQuery(RollupGrain Grain, DateTimeOffset From, DateTimeOffset To, string? Probe = null, string? Region = null);
