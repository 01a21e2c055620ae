using System.Reflection;

namespace RedisEventSourcing.Serialization;

/// <summary>A public property or field of an event: one flat wire field.</summary>
internal sealed class DataMember
{
    private readonly PropertyInfo? _property;
    private readonly FieldInfo? _field;

    private DataMember(PropertyInfo? property, FieldInfo? field)
    {
        _property = property;
        _field = field;
    }

    public static DataMember Of(PropertyInfo property) => new(property, null);

    public static DataMember Of(FieldInfo field) => new(null, field);

    public MemberInfo Member => (MemberInfo?)_property ?? _field!;

    public string Name => Member.Name;

    public Type Type => _property?.PropertyType ?? _field!.FieldType;

    public bool CanWrite => _property?.CanWrite ?? !_field!.IsInitOnly;

    public object? GetValue(object instance) => _property is not null ? _property.GetValue(instance) : _field!.GetValue(instance);

    public void SetValue(object instance, object? value)
    {
        if (_property is not null) _property.SetValue(instance, value);
        else _field!.SetValue(instance, value);
    }

    public bool IsOptional(NullabilityInfoContext context)
    {
        if (Type.IsValueType) return Nullable.GetUnderlyingType(Type) is not null;
        var state = _property is not null ? context.Create(_property).ReadState : context.Create(_field!).ReadState;
        return state == NullabilityState.Nullable;
    }
}
