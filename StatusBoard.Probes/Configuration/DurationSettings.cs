using System.ComponentModel;

namespace StatusBoard.Probes.Configuration;

/// <summary>
/// Every duration setting reads the way probe documents write durations — <c>500ms</c>, <c>30s</c>, <c>5m</c>,
/// <c>1h30m</c> — besides .NET's <c>00:00:30</c>: the configuration binder converts through the type's converter, and
/// this one is registered for <see cref="TimeSpan"/> once per process.
/// </summary>
public static class DurationSettings
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        }
    }

    private sealed class DurationConverter : TimeSpanConverter
    {
        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        {
            if (value is string text && text.Trim() is { Length: > 0 } trimmed && char.IsAsciiLetter(trimmed[^1]))
            {
                return Durations.TryParse(trimmed, out var duration, out var error) ? duration : throw new FormatException($"Duration {error}");
            }

            return base.ConvertFrom(context, culture, value);
        }
    }
}
