namespace StatusBoard.Probes.Conditions;

public enum ConditionOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,

    /// <summary><c>[BODY] matches "^\\{.*\"status\":\"ok\""</c>: a regular expression, run in linear time.</summary>
    Matches,
}
