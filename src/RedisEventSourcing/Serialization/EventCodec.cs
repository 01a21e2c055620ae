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
    private readonly int _constructorArity;

    public EventCodec(Type type, string wireName, int schema)
    {
        // The feed carries markers of its own (a cleared stream is '_cleared'): no event may look like one.
        if (string.IsNullOrEmpty(wireName) || wireName.StartsWith('_'))
            throw new InvalidOperationException($"Event {type.Name}: wire name '{wireName}' is empty or starts with '_', which is reserved for the provider's markers (such as '_cleared').");
        Type = type;
        WireName = wireName;
        Schema = schema;
        // Public fields are data too (Orleans' own samples declare events with them): left out, their
        // values would silently be missing from every entry.
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(DataMember.Of)
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(f => f.MetadataToken).Select(DataMember.Of))
            .ToArray();

        // Records bind through their primary constructor (properties it does not take, through
        // their setters); other classes through a parameterless constructor and setters.
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().All(a => properties.Any(p => Binds(a, p))))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        var arguments = constructor?.GetParameters() ?? [];
        if (constructor is null && !type.IsValueType)
            throw new InvalidOperationException($"Event {type.Name} needs a public constructor whose parameters are named after its properties, or a parameterless one.");

        // A property neither settable nor taken by the constructor is derived from the others: not data.
        var nullability = new NullabilityInfoContext();
        var slot = arguments.Length;
        _fields = properties
            .Select(p => (Property: p, Argument: Array.FindIndex(arguments, a => Binds(a, p))))
            .Where(x => x.Argument >= 0 || x.Property.CanWrite)
            .Select(x => new WireField(
                x.Property,
                x.Property.Member.GetCustomAttribute<WireFieldAttribute>()?.Name ?? SnakeCase.From(x.Property.Name),
                WireValueConverter.For(x.Property.Type),
                x.Property.IsOptional(nullability),
                x.Argument >= 0 ? x.Argument : slot++,
                x.Argument >= 0))
            .ToArray();
        _fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _fields.Length; i++)
        {
            if (WireFields.IsMetadata(_fields[i].Name) || _fields[i].Name == WireFields.Type)
                throw new InvalidOperationException($"Event {type.Name}: property {_fields[i].Property.Name} maps to the reserved wire field '{_fields[i].Name}'.");
            if (!_fieldIndex.TryAdd(_fields[i].Name, i))
                throw new InvalidOperationException($"Event {type.Name}: two properties map to the wire field '{_fields[i].Name}'.");
        }
        if (constructor is not null && arguments.Length > 0)
        {
            _constructor = ConstructorInvoker.Create(constructor);
            _constructorArity = arguments.Length;
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

        // Constructor arguments first, in parameter order, then the values set through setters.
        var values = new object?[_fields.Length];
        foreach (var field in _fields)
        {
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
                values[field.Slot] = field.Converter.Read(text);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or System.Text.Json.JsonException or NotSupportedException)
            {
                problem = $"field '{field.Name}' of event type '{WireName}' has malformed value '{Truncate(text)}' ({e.Message})";
                return null!;
            }
        }

        var instance = _constructor is null
            ? Activator.CreateInstance(Type)!
            : _constructor.Invoke(new Span<object?>(values, 0, _constructorArity));
        // An absent optional field is set too: null is what was written, whatever the initialiser says.
        foreach (var field in _fields)
        {
            if (!field.ByConstructor)
                field.Property.SetValue(instance, values[field.Slot]);
        }
        return instance;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private static bool Binds(ParameterInfo argument, DataMember member) =>
        string.Equals(argument.Name, member.Name, StringComparison.OrdinalIgnoreCase) && argument.ParameterType == member.Type;

    /// <param name="Slot">Where its value goes when decoding: its constructor position, or after the constructor's arguments.</param>
    private sealed record WireField(DataMember Property, string Name, WireValueConverter Converter, bool Optional, int Slot, bool ByConstructor);
}
