namespace StatusBoard.Probes.Common;

/// <summary>
/// What a name or title people write may not hold: control characters, and the invisible bidirectional controls
/// (right-to-left override and its kin) that make <c>gnp.exe</c> read as <c>exe.png</c> or reorder a name on a page.
/// </summary>
public static class PlainText
{
    /// <summary>Whether <paramref name="c"/> is a bidirectional embedding, override, isolate or mark.</summary>
    public static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Whether a one-line text holds a control or bidirectional control character.</summary>
    public static bool HasHidden(string text) => text.Any(c => char.IsControl(c) || IsBidiControl(c));
}
