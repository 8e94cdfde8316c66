using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Verdicts;

/// <summary>The answer to "is it the platform, or is it me?".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictKind>))]
public enum VerdictKind
{
    [JsonStringEnumMemberName("platform-wide")] PlatformWide,
    [JsonStringEnumMemberName("regional")] Regional,
    [JsonStringEnumMemberName("maintenance")] Maintenance,

    /// <summary>Users report trouble but the probes see none.</summary>
    [JsonStringEnumMemberName("investigating")] Investigating,

    /// <summary>All clear from the platform's side, seen from the user's region: most likely local to the user.</summary>
    [JsonStringEnumMemberName("local")] Local,

    /// <summary>StatusBoard cannot see the user's situation: the region, or every region, is blind or paused.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>What the verdict says the user meets: a service that is down, one that is only slow, or neither.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictImpact>))]
public enum VerdictImpact
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("slow")] Slow,
    [JsonStringEnumMemberName("outage")] Outage,
}

/// <summary>The steps of the seed article that fit a verdict, in the order a user should try them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Advice>))]
public enum Advice
{
    [JsonStringEnumMemberName("check-transaction-history")] CheckTransactionHistory,
    [JsonStringEnumMemberName("wait-and-retry")] WaitAndRetry,
    [JsonStringEnumMemberName("check-network")] CheckNetwork,
    [JsonStringEnumMemberName("update-app")] UpdateApp,
    [JsonStringEnumMemberName("sign-in-again")] SignInAgain,
    [JsonStringEnumMemberName("contact-support")] ContactSupport,

    /// <summary>The service is slow, not down: wait for the answer instead of trying again at once.</summary>
    [JsonStringEnumMemberName("allow-extra-time")] AllowExtraTime,

    /// <summary>Money charged for a payment that did not complete is returned (the seed's first question).</summary>
    [JsonStringEnumMemberName("funds-safe")] FundsSafe,

    /// <summary>The platform's own announcements (<c>StatusBoard:Page:Announcements</c>) say when it is fixed.</summary>
    [JsonStringEnumMemberName("watch-announcements")] WatchAnnouncements,

    /// <summary>Security checks are refusing: check the password or code, and do not retry again and again.</summary>
    [JsonStringEnumMemberName("check-credentials")] CheckCredentials,
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
