using System.Globalization;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Turns one property value into the plain string the wire contract asks for (numbers in the
/// invariant culture, times ISO 8601 round-trip, nested values JSON) and back.
/// </summary>
internal sealed class WireValueConverter
{
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
        var inv = CultureInfo.InvariantCulture;
        if (t == typeof(string)) return new(v => (string)v, s => s);
        if (t == typeof(int)) return new(v => ((int)v).ToString(inv), s => int.Parse(s, NumberStyles.Integer, inv));
        if (t == typeof(long)) return new(v => ((long)v).ToString(inv), s => long.Parse(s, NumberStyles.Integer, inv));
        if (t == typeof(double)) return new(v => ((double)v).ToString("R", inv), s => double.Parse(s, NumberStyles.Float, inv));
        if (t == typeof(decimal)) return new(v => ((decimal)v).ToString(inv), s => decimal.Parse(s, NumberStyles.Number, inv));
        if (t == typeof(bool)) return new(v => (bool)v ? "true" : "false", s => bool.Parse(s));
        if (t == typeof(Guid)) return new(v => ((Guid)v).ToString("D"), s => Guid.Parse(s));
        if (t == typeof(DateTimeOffset)) return new(v => WireTime.Format((DateTimeOffset)v), s => WireTime.ParseDateTimeOffset(s));
        if (t == typeof(DateTime)) return new(v => WireTime.Format((DateTime)v), s => WireTime.ParseDateTime(s));
        if (t == typeof(TimeSpan)) return new(v => ((TimeSpan)v).ToString("c", inv), s => TimeSpan.ParseExact(s, "c", inv));
        if (t.IsEnum) return new(v => v.ToString()!, s => Enum.Parse(t, s, ignoreCase: false));
        return new(v => WireJson.Serialize(v, t), s => WireJson.Deserialize(s, t) ?? throw new FormatException("JSON null"));
    }
}
