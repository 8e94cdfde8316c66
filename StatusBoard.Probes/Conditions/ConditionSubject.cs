namespace StatusBoard.Probes.Conditions;

/// <summary>What a condition is about, which classification reads when it fails.</summary>
public enum ConditionSubject
{
    Status,
    ResponseTime,
    /// <summary>A body value other than money.</summary>
    Body,
    /// <summary>An amount, currency or balance in the body: failing it means the data is wrong.</summary>
    Money,
    Header,
    Connection,
    Certificate,
}
