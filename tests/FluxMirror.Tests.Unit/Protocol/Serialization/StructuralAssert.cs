using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>
/// Deep comparison of message graphs. Records compare their <c>IReadOnlyList</c> members by reference, so
/// a deserialized copy is never <c>Equals</c> to the original: this walks public properties and elements.
/// </summary>
internal static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

    /// <summary>Fails when any nullable member is null or any collection is empty, anywhere in the graph.</summary>
    public static void FullyPopulated(object value) => Populated(value, "$");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {Show(expected)} but was {Show(actual)}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType() || (expected is IEnumerable && actual is IEnumerable),
            $"{path}: expected a {expected.GetType().Name} but was a {actual.GetType().Name}");

        switch (expected)
        {
            case DateTimeOffset e:
                // DateTimeOffset.Equals ignores the offset; the wire must keep it.
                var a = (DateTimeOffset)actual;
                Assert.True(e.UtcTicks == a.UtcTicks && e.Offset == a.Offset, $"{path}: expected {e:O} but was {a:O}");
                return;
            case var _ when IsLeaf(expected.GetType()):
                Assert.True(expected.Equals(actual), $"{path}: expected {Show(expected)} but was {Show(actual)}");
                return;
            case IDictionary e:
                CompareDictionaries(e, (IDictionary)actual, path);
                return;
            case IEnumerable e:
                CompareSequences(e.Cast<object?>().ToList(), ((IEnumerable)actual).Cast<object?>().ToList(), path);
                return;
        }

        foreach (var property in Properties(expected.GetType()))
        {
            Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    private static void CompareDictionaries(IDictionary expected, IDictionary actual, string path)
    {
        Assert.True(expected.Count == actual.Count, $"{path}: expected {expected.Count} entries but was {actual.Count}");
        foreach (DictionaryEntry entry in expected)
        {
            Assert.True(actual.Contains(entry.Key), $"{path}: key {entry.Key} is missing");
            Compare(entry.Value, actual[entry.Key], $"{path}[{entry.Key}]");
        }
    }

    private static void CompareSequences(List<object?> expected, List<object?> actual, string path)
    {
        Assert.True(expected.Count == actual.Count, $"{path}: expected {expected.Count} items but was {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Compare(expected[i], actual[i], $"{path}[{i}]");
        }
    }

    private static void Populated(object? value, string path)
    {
        Assert.True(value is not null, $"{path} is null: set every optional member in the full sample");
        if (IsLeaf(value.GetType()))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var list = items.Cast<object?>().ToList();
            Assert.True(list.Count > 0, $"{path} is empty: give the full sample at least one item");
            for (var i = 0; i < list.Count; i++)
            {
                Populated(list[i], $"{path}[{i}]");
            }

            return;
        }

        foreach (var property in Properties(value.GetType()))
        {
            Populated(property.GetValue(value), $"{path}.{property.Name}");
        }
    }

    // Members never on the wire (JsonIgnore without a condition: node-local settings) are neither compared nor required.
    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri);

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "?",
    };
}
