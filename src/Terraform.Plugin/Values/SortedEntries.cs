using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Terraform.Plugin.Values;

/// <summary>
/// A read-only dictionary over parallel arrays whose keys are sorted in <see cref="CtyOrdering"/> order.
/// Lookup uses a shared index when one is given (object types), else binary search (maps).
/// </summary>
internal sealed class SortedEntries<T> : IReadOnlyDictionary<string, T>
{
    private readonly string[] _keys;
    private readonly T[] _values;
    private readonly Dictionary<string, int>? _index;

    public SortedEntries(string[] keys, T[] values, Dictionary<string, int>? index)
    {
        _keys = keys;
        _values = values;
        _index = index;
    }

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys.AsReadOnly();

    public IEnumerable<T> Values => _values.AsReadOnly();

    internal string[] KeyArray => _keys;

    internal T[] ValueArray => _values;

    public T this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no element \"{key}\"");

    public int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index is not null)
        {
            return _index.TryGetValue(key, out int i) ? i : -1;
        }

        int found = Array.BinarySearch(_keys, key, CtyOrdering.Instance);
        return found >= 0 ? found : -1;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }

        value = _values[i];
        return true;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, T>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
