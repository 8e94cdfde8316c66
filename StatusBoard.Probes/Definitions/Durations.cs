using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>Reads and writes the human durations used in probe definitions: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; write a duration such as 500ms, 30s, 5m or 1h";
            return false;
        }

        var input = text.Trim();
        var position = 0;
        var total = 0.0;
        while (position < input.Length)
        {
            var match = Part().Match(input, position);
            if (!match.Success)
            {
                error = $"'{input}' is not a duration; write a number with a unit (ms, s, m, h, d), such as 500ms, 30s, 5m or 1h";
                return false;
            }

            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "ms" => amount,
                "s" => amount * 1_000,
                "m" => amount * 60_000,
                "h" => amount * 3_600_000,
                _ => amount * 86_400_000,
            };
            position += match.Length;
        }

        if (total > TimeSpan.FromDays(3650).TotalMilliseconds)
        {
            error = $"'{input}' is longer than ten years";
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"Duration {error}");

    /// <summary>The shortest exact form: 90 seconds is <c>1m30s</c>, 1.5 seconds is <c>1500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var milliseconds = (long)Math.Round(value.TotalMilliseconds);
        if (milliseconds <= 0)
        {
            return "0s";
        }

        if (milliseconds % 1_000 != 0)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var builder = new StringBuilder();
        var remaining = milliseconds / 1_000;
        foreach (var (unit, size) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            if (remaining >= size)
            {
                builder.Append((remaining / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining %= size;
            }
        }

        return builder.ToString();
    }
}
