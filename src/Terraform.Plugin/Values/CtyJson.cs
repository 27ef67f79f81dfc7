using System.Text;
using System.Text.Json;

namespace Terraform.Plugin.Values;

/// <summary>
/// The cty JSON codec used in state files and <c>RawState.json</c> (go-cty <c>cty/json</c>): null as <c>null</c>,
/// numbers with full precision, objects with every attribute in sorted order, values in dynamic positions as
/// <c>{"value":V,"type":T}</c>. JSON cannot carry unknown values.
/// </summary>
public static class CtyJson
{
    private const int MaxDepth = 1000;

    /// <summary>Encodes a wholly known value as <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The value does not conform to the type or is not wholly known; the message names the path.</exception>
    public static byte[] Encode(CtyValue value, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var w = new GoJsonWriter(256);
        Write(w, value, type, new CtyPath());
        return w.ToArray();
    }

    /// <summary>Decodes JSON against <paramref name="type"/>; absent object attributes become null, unknown ones are an error.</summary>
    /// <exception cref="CtyDecodeException">Malformed JSON or JSON not of the type; the message names the path.</exception>
    public static CtyValue Decode(ReadOnlySpan<byte> json, CtyType type) => Decode(json, type, ignoreUnknownAttributes: false);

    /// <summary>
    /// Decodes JSON against <paramref name="type"/>; absent object attributes become null. With
    /// <paramref name="ignoreUnknownAttributes"/> attributes the type does not have are skipped (state upgrade).
    /// </summary>
    public static CtyValue Decode(ReadOnlySpan<byte> json, CtyType type, bool ignoreUnknownAttributes)
    {
        ArgumentNullException.ThrowIfNull(type);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var path = new CtyPath();
        try
        {
            if (!reader.Read())
            {
                throw new CtyDecodeException("empty JSON");
            }

            var value = Read(ref reader, type, path, ignoreUnknownAttributes);
            if (reader.Read())
            {
                throw new CtyDecodeException("unexpected data after the value");
            }

            return value;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: string text that is not valid UTF-8.
            throw path.DecodeError($"malformed JSON: {ex.Message}");
        }
    }

    private static void Write(GoJsonWriter w, CtyValue v, CtyType t, CtyPath path)
    {
        if (!v.IsKnown)
        {
            throw path.EncodeError("value is not known; JSON cannot represent unknown values");
        }

        if (t is DynamicType)
        {
            if (v.Type is DynamicType)
            {
                w.Raw("null"u8);
                return;
            }

            w.Raw("{\"value\":"u8);
            Write(w, v, v.Type, path);
            w.Raw(",\"type\":"u8);
            w.Raw(v.Type.JsonBytes);
            w.Raw((byte)'}');
            return;
        }

        if (v.IsNull)
        {
            w.Raw("null"u8);
            return;
        }

        if (v.Type.Kind != t.Kind)
        {
            throw path.EncodeError($"{t} required, got {v.Type}");
        }

        switch (t.Kind)
        {
            case CtyTypeKind.String:
                w.String(v.RawString);
                break;
            case CtyTypeKind.Number:
                var n = v.RawNumber;
                if (n.IsInfinity)
                {
                    throw path.EncodeError("JSON cannot represent an infinite number");
                }

                if (n.TryGetInt64(out long l))
                {
                    w.Int64(l);
                }
                else
                {
                    w.Ascii(n.ToString());
                }
                break;
            case CtyTypeKind.Bool:
                w.Raw(v.RawBool ? "true"u8 : "false"u8);
                break;
            case CtyTypeKind.List:
            case CtyTypeKind.Set:
            case CtyTypeKind.Tuple:
            {
                var items = v.ElementArray;
                if (t is TupleType tt && tt.Elements.Length != items.Length)
                {
                    throw path.EncodeError($"{t} required, got {v.Type}");
                }

                w.Raw((byte)'[');
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        w.Raw((byte)',');
                    }

                    path.PushIndex(i);
                    Write(w, items[i], t is TupleType tup ? tup.Elements[i] : t.ElementType, path);
                    path.Pop();
                }

                w.Raw((byte)']');
                break;
            }

            case CtyTypeKind.Map:
            {
                var entries = v.MapEntries;
                w.Raw((byte)'{');
                for (int i = 0; i < entries.Count; i++)
                {
                    if (i > 0)
                    {
                        w.Raw((byte)',');
                    }

                    w.String(entries.KeyArray[i]);
                    w.Raw((byte)':');
                    path.PushKey(entries.KeyArray[i]);
                    Write(w, entries.ValueArray[i], t.ElementType, path);
                    path.Pop();
                }

                w.Raw((byte)'}');
                break;
            }

            case CtyTypeKind.Object:
            {
                var ot = (ObjectType)t;
                var vt = (ObjectType)v.Type;
                if (!ReferenceEquals(ot, vt) && !ot.Names.AsSpan().SequenceEqual(vt.Names))
                {
                    throw path.EncodeError($"{t} required, got {v.Type}");
                }

                var values = v.ElementArray;
                w.Raw((byte)'{');
                for (int i = 0; i < values.Length; i++)
                {
                    if (i > 0)
                    {
                        w.Raw((byte)',');
                    }

                    w.String(ot.Utf8Names[i]);
                    w.Raw((byte)':');
                    path.PushAttribute(ot.Names[i]);
                    Write(w, values[i], ot.Types[i], path);
                    path.Pop();
                }

                w.Raw((byte)'}');
                break;
            }
        }
    }

    private static CtyValue Read(ref Utf8JsonReader r, CtyType t, CtyPath path, bool ignoreUnknown)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return CtyValue.Null(t);
        }

        switch (t.Kind)
        {
            case CtyTypeKind.Dynamic:
                return ReadDynamic(ref r, path, ignoreUnknown);
            case CtyTypeKind.String:
                return r.TokenType switch
                {
                    JsonTokenType.String => CtyValue.String(r.GetString()!),
                    JsonTokenType.Number => CtyValue.String(Encoding.UTF8.GetString(r.ValueSpan)),
                    JsonTokenType.True => CtyValue.String("true"),
                    JsonTokenType.False => CtyValue.String("false"),
                    _ => throw path.DecodeError("string required"),
                };
            case CtyTypeKind.Number:
            {
                CtyNumber n = default;
                bool ok = (r.TokenType == JsonTokenType.Number && TryParseAscii(r.ValueSpan, out n))
                    || (r.TokenType == JsonTokenType.String && CtyNumber.TryParse(r.GetString(), out n));
                if (!ok)
                {
                    throw path.DecodeError("number required");
                }

                return CtyValue.Number(n);
            }

            case CtyTypeKind.Bool:
                return r.TokenType switch
                {
                    JsonTokenType.True => CtyValue.Bool(true),
                    JsonTokenType.False => CtyValue.Bool(false),
                    _ => throw path.DecodeError("bool required"),
                };
            case CtyTypeKind.List:
            case CtyTypeKind.Set:
            case CtyTypeKind.Tuple:
            {
                if (r.TokenType != JsonTokenType.StartArray)
                {
                    throw path.DecodeError($"{t.Kind.ToString().ToLowerInvariant()} required");
                }

                var tt = t as TupleType;
                var items = new List<CtyValue>();
                while (Next(ref r, path) != JsonTokenType.EndArray)
                {
                    int i = items.Count;
                    if (tt is not null && i >= tt.Elements.Length)
                    {
                        throw path.DecodeError($"a tuple of length {tt.Elements.Length} is required");
                    }

                    path.PushIndex(i);
                    items.Add(Read(ref r, tt is not null ? tt.Elements[i] : t.ElementType, path, ignoreUnknown));
                    path.Pop();
                }

                if (tt is not null)
                {
                    if (items.Count != tt.Elements.Length)
                    {
                        throw path.DecodeError($"a tuple of length {tt.Elements.Length} is required ({items.Count} given)");
                    }

                    return CtyValue.CreateTuple(tt, items.ToArray());
                }

                return t.Kind == CtyTypeKind.List ? CtyValue.CreateList(t, items.ToArray()) : CtyValue.CreateSet(t, items.ToArray());
            }

            case CtyTypeKind.Map:
            {
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    throw path.DecodeError("map required");
                }

                var entries = new List<KeyValuePair<string, CtyValue>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (Next(ref r, path) != JsonTokenType.EndObject)
                {
                    string key = r.GetString()!;
                    if (!seen.Add(key))
                    {
                        throw path.DecodeError($"duplicate map key \"{key}\"");
                    }

                    Next(ref r, path);
                    path.PushKey(key);
                    entries.Add(new(key, Read(ref r, t.ElementType, path, ignoreUnknown)));
                    path.Pop();
                }

                entries.Sort((a, b) => CtyOrdering.Instance.Compare(a.Key, b.Key));
                return CtyValue.CreateMap(t, entries.Select(e => e.Key).ToArray(), entries.Select(e => e.Value).ToArray());
            }

            case CtyTypeKind.Object:
            {
                var ot = (ObjectType)t;
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    throw path.DecodeError("object required");
                }

                var values = new CtyValue?[ot.Names.Length];
                var utf8Names = ot.Utf8Names;
                int expected = 0;
                while (Next(ref r, path) != JsonTokenType.EndObject)
                {
                    // State JSON lists attributes in sorted order: try the next expected name before allocating.
                    int index;
                    string name;
                    if (expected < utf8Names.Length && !r.ValueIsEscaped && r.ValueSpan.SequenceEqual(utf8Names[expected]))
                    {
                        index = expected;
                        name = ot.Names[index];
                    }
                    else
                    {
                        name = r.GetString()!;
                        index = ot.IndexOf(name);
                    }

                    expected = index + 1;
                    Next(ref r, path);
                    if (index < 0)
                    {
                        if (!ignoreUnknown)
                        {
                            throw path.DecodeError($"unsupported attribute \"{name}\"");
                        }

                        r.Skip();
                        continue;
                    }

                    if (values[index] is not null)
                    {
                        throw path.DecodeError($"duplicate attribute \"{name}\"");
                    }

                    path.PushAttribute(name);
                    values[index] = Read(ref r, ot.Types[index], path, ignoreUnknown);
                    path.Pop();
                }

                for (int i = 0; i < values.Length; i++)
                {
                    values[i] ??= CtyValue.Null(ot.Types[i]);
                }

                return CtyValue.CreateObject(ot, values!);
            }

            default:
                throw path.DecodeError($"unsupported type {t}");
        }
    }

    private static CtyValue ReadDynamic(ref Utf8JsonReader r, CtyPath path, bool ignoreUnknown)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            throw path.DecodeError("a dynamic value must be an object with \"value\" and \"type\"");
        }

        CtyType? type = null;
        Utf8JsonReader valueReader = default;
        bool haveValue = false;
        while (Next(ref r, path) != JsonTokenType.EndObject)
        {
            if (r.ValueTextEquals("type"u8))
            {
                Next(ref r, path);
                try
                {
                    type = CtyTypeJson.Read(ref r);
                }
                catch (FormatException ex)
                {
                    throw path.DecodeError($"dynamic value type: {ex.Message}");
                }
            }
            else if (r.ValueTextEquals("value"u8))
            {
                Next(ref r, path);
                valueReader = r;
                haveValue = true;
                r.Skip();
            }
            else
            {
                throw path.DecodeError($"unsupported dynamic value property \"{r.GetString()}\"");
            }
        }

        if (type is null || !haveValue)
        {
            throw path.DecodeError("a dynamic value must be an object with \"value\" and \"type\"");
        }

        if (path.Depth >= MaxDepth)
        {
            throw path.DecodeError("value nested too deeply");
        }

        path.Nesting++;
        var value = Read(ref valueReader, type, path, ignoreUnknown);
        path.Nesting--;
        return value;
    }

    private static bool TryParseAscii(ReadOnlySpan<byte> ascii, out CtyNumber value)
    {
        if (ascii.Length > 128)
        {
            return CtyNumber.TryParse(Encoding.ASCII.GetString(ascii), out value);
        }

        Span<char> chars = stackalloc char[ascii.Length];
        for (int i = 0; i < ascii.Length; i++)
        {
            chars[i] = (char)ascii[i];
        }

        return CtyNumber.TryParse(chars, out value);
    }

    private static JsonTokenType Next(ref Utf8JsonReader r, CtyPath path)
    {
        if (!r.Read())
        {
            throw path.DecodeError("unexpected end of JSON");
        }

        return r.TokenType;
    }
}
