using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// One kind of probe (<c>http</c>, <c>journey</c>, <c>tcp</c>…): the part of the probe document it reads, how it checks
/// it, the condition placeholders it offers and what runs it. Each kind is one type under <c>Kinds/</c>, listed once in
/// <see cref="Kinds.ProbeKinds.All"/>; the parser, the editor's help and the importers read that list.
/// </summary>
public abstract class ProbeKind
{
    /// <summary>The word of <c>"kind"</c> in a probe document.</summary>
    public abstract string Name { get; }

    /// <summary>What it checks, in one sentence, for the editor's help.</summary>
    public abstract string Summary { get; }

    /// <summary>The placeholders its conditions may read; any other is refused when the probe is saved.</summary>
    public abstract IReadOnlyList<Placeholder> Placeholders { get; }

    /// <summary>A condition to show when a probe of this kind has none.</summary>
    public abstract string ConditionExample { get; }

    /// <summary>
    /// Fields of its own beyond the common document (<see cref="ProbeDocument.Extensions"/>), such as gRPC's
    /// <c>service</c>: a field no kind reads is refused, so a misspelt one never passes unseen.
    /// </summary>
    public virtual IReadOnlyList<string> OwnFields => [];

    /// <summary>Reads and checks the kind's part of the document, adding every problem to <paramref name="errors"/>.</summary>
    public abstract ProbeSection Parse(ProbeDocument document, ValidationErrors errors);

    /// <summary>What runs one attempt of a probe of this kind; made once per process.</summary>
    public abstract IProbeExecutor CreateExecutor(IServiceProvider services);

    /// <summary>The longest one attempt may take.</summary>
    public virtual TimeSpan AttemptDeadline(ProbeDefinition probe) => probe.Timeout;

    /// <summary>The URL schemes that stand for this kind in other tools' configurations (Gatus's <c>tcp://</c>).</summary>
    public virtual IReadOnlyList<string> ImportSchemes => [];

    /// <summary>Makes <paramref name="probe"/> this kind, aimed where <paramref name="url"/> (of an <see cref="ImportSchemes"/> scheme) points.</summary>
    public virtual void Import(Uri url, ProbeDocument probe)
    {
        probe.Kind = Name;
        probe.Target = url.Authority;
    }

    public override string ToString() => Name;

    /// <summary>The probe's conditions, at least one: <paramref name="errors"/> says so with <see cref="ConditionExample"/> otherwise.</summary>
    protected IReadOnlyList<Condition> RequiredConditions(ProbeDocument document, ValidationErrors errors)
    {
        var conditions = ProbeDefinitionParser.ParseConditions(document.Conditions, "conditions", errors);
        if (conditions.Count == 0 && document.Conditions is not { Count: > 0 })
        {
            errors.Add("conditions", $"needs at least one condition, such as {ConditionExample}");
        }

        return conditions;
    }

    /// <summary>For kinds aimed at a target: a request or steps are another kind's, and say so.</summary>
    protected void RefuseRequestAndSteps(ProbeDocument document, ValidationErrors errors)
    {
        if (document.Request is not null || document.Steps is { Count: > 0 })
        {
            errors.Add("request", $"a {Name} probe has a target, not a request or steps");
        }
    }
}

/// <summary>What a <see cref="ProbeKind"/> read from its part of a probe document.</summary>
public sealed record ProbeSection
{
    public HttpRequestTemplate? Request { get; init; }

    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    public IReadOnlyList<JourneyStep> Steps { get; init; } = [];

    public string? Target { get; init; }

    public string? Send { get; init; }

    public string RecordType { get; init; } = "A";

    public System.Net.IPEndPoint? Resolver { get; init; }

    /// <summary>Settings of the kind's own (<see cref="ProbeKind.OwnFields"/>), read back by its executor.</summary>
    public object? Settings { get; init; }
}
