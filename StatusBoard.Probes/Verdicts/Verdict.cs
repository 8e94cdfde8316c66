using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Verdicts;

/// <summary>The answer to "is it the platform, or is it me?".</summary>
[JsonConverter(typeof(WireEnumConverter<VerdictKind>))]
public enum VerdictKind
{
    PlatformWide,
    Regional,
    Maintenance,

    /// <summary>Users report trouble but the probes see none.</summary>
    Investigating,

    /// <summary>All clear from the platform's side, seen from the user's region: most likely local to the user.</summary>
    Local,

    /// <summary>StatusBoard cannot see the user's situation: the region, or every region, is blind or paused.</summary>
    Unknown,
}

/// <summary>What the verdict says the user meets: a service that is down, one that is only slow, or neither.</summary>
[JsonConverter(typeof(WireEnumConverter<VerdictImpact>))]
public enum VerdictImpact
{
    None,
    Slow,
    Outage,
}

/// <summary>The steps of the seed article that fit a verdict, in the order a user should try them.</summary>
[JsonConverter(typeof(WireEnumConverter<Advice>))]
public enum Advice
{
    CheckTransactionHistory,
    WaitAndRetry,
    CheckNetwork,
    UpdateApp,
    SignInAgain,
    ContactSupport,

    /// <summary>The service is slow, not down: wait for the answer instead of trying again at once.</summary>
    AllowExtraTime,

    /// <summary>Money charged for a payment that did not complete is returned (the seed's first question).</summary>
    FundsSafe,

    /// <summary>The platform's own announcements (<c>StatusBoard:Page:Announcements</c>) say when it is fixed.</summary>
    WatchAnnouncements,

    /// <summary>Security checks are refusing: check the password or code, and do not retry again and again.</summary>
    CheckCredentials,
}

/// <summary>A verdict, why, the numbers behind it, and what to do.</summary>
public sealed record VerdictResult(
    VerdictKind Verdict,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<VerdictEvidence> Evidence,
    IReadOnlyList<Advice> Advice)
{
    /// <summary><c>outage</c>, <c>slow</c> (slower than the threshold, nothing failing) or <c>none</c>.</summary>
    public VerdictImpact Impact { get; init; } = VerdictImpact.None;
}

/// <summary>One sentence of evidence, with the key and numbers a page can translate it from.</summary>
public sealed record VerdictEvidence(string Key, string Text, IReadOnlyDictionary<string, object> Values);
