namespace StatusBoard.Web.Services;

/// <summary>
/// RFC 4180 CSV. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is neutralised
/// with a leading apostrophe; numbers are written by us and left alone.
/// </summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv Row(params object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Cell(cells[i]));
        }

        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Cell(object? value) => value switch
    {
        null => "",
        double number => Quote(double.IsFinite(number) ? number.ToString("0.######", CultureInfo.InvariantCulture) : ""),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        bool flag => flag ? "true" : "false",
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly month => month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Quote(Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    /// <summary>
    /// A leading apostrophe for text a spreadsheet could run: one that starts with a formula character, or that holds
    /// one right after a separator a spreadsheet may split on (<c>;=1+1</c> in a locale whose separator is <c>;</c>).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && (IsFormulaStart(text[0]) || HasFormulaAfterSeparator(text)) ? "'" + text : text;

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '|';

    private static bool HasFormulaAfterSeparator(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] is ';' or ',' or '\t' && text[i + 1] is '=' or '+' or '@')
            {
                return true;
            }
        }

        return false;
    }

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
