using System.Reflection;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Maps one event record to its flat wire fields and back, in declaration order. Built once per
/// type by reflection; the wire names come from the property names in snake_case unless
/// <see cref="WireFieldAttribute"/> says otherwise.
/// </summary>
internal sealed class EventCodec
{
    private readonly WireField[] _fields;
    private readonly Dictionary<string, int> _fieldIndex;
    private readonly ConstructorInvoker? _constructor;
    private readonly int[] _constructorFieldOrder = [];

    public EventCodec(Type type, string wireName, int schema)
    {
        Type = type;
        WireName = wireName;
        Schema = schema;
        var nullability = new NullabilityInfoContext();
        _fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(p => new WireField(
                p,
                p.GetCustomAttribute<WireFieldAttribute>()?.Name ?? SnakeCase.From(p.Name),
                WireValueConverter.For(p.PropertyType),
                IsOptional(p, nullability)))
            .ToArray();
        _fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _fields.Length; i++)
        {
            if (WireFields.IsMetadata(_fields[i].Name) || _fields[i].Name == WireFields.Type)
                throw new InvalidOperationException($"Event {type.Name}: property {_fields[i].Property.Name} maps to the reserved wire field '{_fields[i].Name}'.");
            if (!_fieldIndex.TryAdd(_fields[i].Name, i))
                throw new InvalidOperationException($"Event {type.Name}: two properties map to the wire field '{_fields[i].Name}'.");
        }

        // Records bind through their primary constructor; other classes through setters.
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().Length == _fields.Length && c.GetParameters().All(p =>
                _fields.Any(f => string.Equals(f.Property.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .FirstOrDefault();
        if (constructor is not null)
        {
            _constructor = ConstructorInvoker.Create(constructor);
            _constructorFieldOrder = constructor.GetParameters()
                .Select(p => Array.FindIndex(_fields, f => string.Equals(f.Property.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
                .ToArray();
        }
        else if (type.GetConstructor(Type.EmptyTypes) is null || _fields.Any(f => !f.Property.CanWrite))
        {
            throw new InvalidOperationException($"Event {type.Name} needs a constructor taking all its properties, or a parameterless constructor and settable properties.");
        }
    }

    public Type Type { get; }

    public string WireName { get; }

    public int Schema { get; }

    public int FieldCount => _fields.Length;

    /// <summary>
    /// Writes the payload as name/value pairs; null values are left out (absence reads back as null).
    /// A null where the property is not nullable is refused here: the decoder requires that field,
    /// so the entry would stop the grain from ever activating again.
    /// </summary>
    /// <exception cref="ArgumentException">A non-nullable property holds null.</exception>
    public void Encode(object @event, List<KeyValuePair<string, string>> output)
    {
        foreach (var field in _fields)
        {
            var value = field.Property.GetValue(@event);
            if (value is not null)
                output.Add(new(field.Name, field.Converter.Write(value)));
            else if (!field.Optional)
                throw new ArgumentException($"Event {Type.Name} ('{WireName}'): property {field.Property.Name} is null but not nullable, " +
                    $"and an entry without its field '{field.Name}' could not be read back. Give it a value or declare it nullable. Nothing was appended.");
        }
    }

    /// <summary>Builds the record from its payload fields; a problem is reported as text for the caller to place.</summary>
    public object Decode(IReadOnlyDictionary<string, string> payload, out string? problem)
    {
        problem = null;
        foreach (var name in payload.Keys)
        {
            if (!_fieldIndex.ContainsKey(name))
            {
                problem = $"unknown field '{name}' for event type '{WireName}'";
                return null!;
            }
        }

        var values = new object?[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            var field = _fields[_constructor is null ? i : _constructorFieldOrder[i]];
            if (!payload.TryGetValue(field.Name, out var text))
            {
                if (!field.Optional)
                {
                    problem = $"missing field '{field.Name}' for event type '{WireName}'";
                    return null!;
                }
                continue;
            }
            try
            {
                values[i] = field.Converter.Read(text);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or System.Text.Json.JsonException)
            {
                problem = $"field '{field.Name}' of event type '{WireName}' has malformed value '{Truncate(text)}' ({e.Message})";
                return null!;
            }
        }

        // With a constructor, values are already in its parameter order.
        if (_constructor is not null)
            return _constructor.Invoke(new Span<object?>(values));
        var instance = Activator.CreateInstance(Type)!;
        for (var i = 0; i < _fields.Length; i++)
        {
            if (values[i] is not null)
                _fields[i].Property.SetValue(instance, values[i]);
        }
        return instance;
    }

    private static bool IsOptional(PropertyInfo p, NullabilityInfoContext context)
    {
        if (p.PropertyType.IsValueType)
            return Nullable.GetUnderlyingType(p.PropertyType) is not null;
        return context.Create(p).ReadState == NullabilityState.Nullable;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private sealed record WireField(PropertyInfo Property, string Name, WireValueConverter Converter, bool Optional);
}
