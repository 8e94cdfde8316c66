namespace StatusBoard.Probes.Common;

/// <summary>FNV-1a over a string: the same number in every process, unlike <see cref="string.GetHashCode()"/>.</summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
