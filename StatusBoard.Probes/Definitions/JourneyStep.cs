using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// One step of a journey: a request, its conditions, the values it extracts (each held as the parsed condition
/// <c>placeholder != ""</c>, whose actual value is the value), and how it polls.
/// </summary>
public sealed record JourneyStep(
    string Name,
    HttpRequestTemplate Request,
    IReadOnlyList<Condition> Conditions,
    IReadOnlyDictionary<string, Condition> Extract,
    PollSpec? Poll,
    bool AlwaysRun);

/// <summary>Repeat the step every <see cref="Every"/> until <see cref="Until"/> holds; past the deadline is a <c>delay</c>.</summary>
public sealed record PollSpec(Condition Until, TimeSpan Every, TimeSpan Deadline);
