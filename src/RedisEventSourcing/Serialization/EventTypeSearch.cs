using System.Reflection;
using System.Runtime.CompilerServices;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Finds the event class behind a wire name that no start-up scan knew, so that a grain which only
/// reads (say, after a restart) resolves a name the same way the grain that wrote it did. Looks
/// first in the grain's assembly and the event base's, then in the Orleans application parts those
/// assemblies name (public classes only; not Orleans' own assemblies nor this provider's).
/// A name matching two classes in one place is a clash, reported, never guessed.
/// </summary>
internal sealed class EventTypeSearch
{
    private readonly Type _eventBase;
    private readonly Lazy<ILookup<string, Type>> _near;
    private readonly Lazy<ILookup<string, Type>> _parts;

    public EventTypeSearch(Type eventBase, Type hostType)
    {
        _eventBase = eventBase;
        var near = new[] { hostType.Assembly, eventBase.Assembly }.Where(a => a != typeof(object).Assembly).Distinct().ToArray();
        _near = new(() => Candidates(near, publicOnly: false));
        _parts = new(() => Candidates(ApplicationParts(near), publicOnly: true));
    }

    /// <summary>The class named <paramref name="wireName"/>, or null; <paramref name="problem"/> says why a name cannot be used.</summary>
    public Type? Find(string wireName, out string? problem)
    {
        problem = null;
        foreach (var scope in new[] { _near, _parts })
        {
            var found = scope.Value[wireName].ToList();
            if (found.Count == 1) return found[0];
            if (found.Count > 1)
            {
                problem = $"Event types {string.Join(" and ", found.Select(t => t.FullName))} share the wire name '{wireName}'; " +
                    "give them distinct names with [EventType(\"...\")].";
                return null;
            }
        }
        return null;
    }

    private ILookup<string, Type> Candidates(IEnumerable<Assembly> assemblies, bool publicOnly) =>
        assemblies.SelectMany(SafeTypes)
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition && (!publicOnly || t.IsVisible)
                && _eventBase.IsAssignableFrom(t) && !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
            .Select(t => (Type: t, Name: EventWireName.Of(t)))
            .Where(c => c.Name is not null)
            .ToLookup(c => c.Name!, c => c.Type, StringComparer.Ordinal);

    private static IEnumerable<Assembly> ApplicationParts(Assembly[] near)
    {
        var provider = new[] { typeof(EventTypeSearch).Assembly.GetName().Name, typeof(EventStoreException).Assembly.GetName().Name };
        var names = near.SelectMany(a => a.GetCustomAttributes<ApplicationPartAttribute>()).Select(p => p.AssemblyName)
            .Where(n => !n.StartsWith("Orleans.", StringComparison.Ordinal) && !provider.Contains(n))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Assembly? assembly;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                continue;
            }
            if (!near.Contains(assembly)) yield return assembly;
        }
    }

    public static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
