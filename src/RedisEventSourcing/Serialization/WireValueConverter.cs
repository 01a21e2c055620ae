using System.Globalization;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Turns one property value into the plain string the wire contract asks for and back: a scalar
/// as text (numbers in the invariant culture, times ISO 8601 round-trip, enums by name), anything
/// else as JSON (<see cref="WireJson"/>). docs/wire-format.md has the table.
/// </summary>
internal sealed class WireValueConverter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Func<object, string> _write;
    private readonly Func<string, object> _read;

    private WireValueConverter(Func<object, string> write, Func<string, object> read)
    {
        _write = write;
        _read = read;
    }

    public string Write(object value) => _write(value);

    /// <exception cref="FormatException">The text is not a valid value of the property's type.</exception>
    public object Read(string text) => _read(text);

    public static WireValueConverter For(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return new(v => (string)v, s => s);
        if (t == typeof(int)) return new(v => ((int)v).ToString(Inv), s => int.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(long)) return new(v => ((long)v).ToString(Inv), s => long.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(short)) return new(v => ((short)v).ToString(Inv), s => short.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(byte)) return new(v => ((byte)v).ToString(Inv), s => byte.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(sbyte)) return new(v => ((sbyte)v).ToString(Inv), s => sbyte.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(ushort)) return new(v => ((ushort)v).ToString(Inv), s => ushort.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(uint)) return new(v => ((uint)v).ToString(Inv), s => uint.Parse(s, NumberStyles.Integer, Inv));
        if (t == typeof(ulong)) return new(v => ((ulong)v).ToString(Inv), s => ulong.Parse(s, NumberStyles.Integer, Inv));
        // "R": the shortest text that parses back to the same bits (-0, NaN and ∞ included).
        if (t == typeof(double)) return new(v => ((double)v).ToString("R", Inv), s => double.Parse(s, NumberStyles.Float, Inv));
        if (t == typeof(float)) return new(v => ((float)v).ToString("R", Inv), s => float.Parse(s, NumberStyles.Float, Inv));
        // Keeps the scale: 1.50 stays 1.50.
        if (t == typeof(decimal)) return new(v => ((decimal)v).ToString(Inv), s => decimal.Parse(s, NumberStyles.Number, Inv));
        if (t == typeof(bool)) return new(v => (bool)v ? "true" : "false", s => bool.Parse(s));
        if (t == typeof(Guid)) return new(v => ((Guid)v).ToString("D"), s => Guid.Parse(s));
        if (t == typeof(DateTimeOffset)) return new(v => WireTime.Format((DateTimeOffset)v), s => WireTime.ParseDateTimeOffset(s));
        if (t == typeof(DateTime)) return new(v => WireTime.Format((DateTime)v), s => WireTime.ParseDateTime(s));
        if (t == typeof(TimeSpan)) return new(v => ((TimeSpan)v).ToString("c", Inv), s => TimeSpan.ParseExact(s, "c", Inv));
        // Older releases wrote these three as JSON strings ("\"2026-03-01\""): still read.
        if (t == typeof(DateOnly)) return new(v => ((DateOnly)v).ToString("O", Inv), s => DateOnly.Parse(Unquoted(s), Inv));
        if (t == typeof(TimeOnly)) return new(v => ((TimeOnly)v).ToString("O", Inv), s => TimeOnly.Parse(Unquoted(s), Inv));
        if (t == typeof(char)) return new(v => ((char)v).ToString(), s => char.Parse(Unquoted(s)));
        if (t.IsEnum) return new(v => v.ToString()!, s => Enum.Parse(t, s, ignoreCase: false));
        return new(v => WireJson.Serialize(v, t), s => WireJson.Deserialize(s, t) ?? throw new FormatException("JSON null"));
    }

    private static string Unquoted(string s) =>
        s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? System.Text.Json.JsonSerializer.Deserialize<string>(s) ?? s : s;
}
