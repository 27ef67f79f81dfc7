using System.Text.Json;

namespace Terraform.Plugin.Values;

/// <summary>Reads and writes cty type JSON: <c>"string"</c>, <c>["list",T]</c>, <c>["object",{...},["opt",...]]</c>, <c>["tuple",[...]]</c>.</summary>
internal static class CtyTypeJson
{
    private const int MaxDepth = 256;

    public static byte[] Write(CtyType type)
    {
        var w = new GoJsonWriter(64);
        Write(w, type);
        return w.ToArray();
    }

    public static void Write(GoJsonWriter w, CtyType type)
    {
        switch (type)
        {
            case PrimitiveType p:
                w.Raw((byte)'"');
                w.Ascii(p.Name);
                w.Raw((byte)'"');
                break;
            case DynamicType:
                w.Raw("\"dynamic\""u8);
                break;
            case ListType l:
                w.Raw("[\"list\","u8);
                Write(w, l.ElementType);
                w.Raw((byte)']');
                break;
            case SetType s:
                w.Raw("[\"set\","u8);
                Write(w, s.ElementType);
                w.Raw((byte)']');
                break;
            case MapType m:
                w.Raw("[\"map\","u8);
                Write(w, m.ElementType);
                w.Raw((byte)']');
                break;
            case TupleType t:
                w.Raw("[\"tuple\",["u8);
                for (int i = 0; i < t.Elements.Length; i++)
                {
                    if (i > 0)
                    {
                        w.Raw((byte)',');
                    }

                    Write(w, t.Elements[i]);
                }

                w.Raw("]]"u8);
                break;
            case ObjectType o:
                w.Raw("[\"object\",{"u8);
                for (int i = 0; i < o.Names.Length; i++)
                {
                    if (i > 0)
                    {
                        w.Raw((byte)',');
                    }

                    w.String(o.Names[i]);
                    w.Raw((byte)':');
                    Write(w, o.Types[i]);
                }

                w.Raw((byte)'}');
                if (o.OptionalAttributes.Count > 0)
                {
                    w.Raw(",["u8);
                    var names = o.OptionalAttributes.ToArray();
                    Array.Sort(names, CtyOrdering.Instance);
                    for (int i = 0; i < names.Length; i++)
                    {
                        if (i > 0)
                        {
                            w.Raw((byte)',');
                        }

                        w.String(names[i]);
                    }

                    w.Raw((byte)']');
                }

                w.Raw((byte)']');
                break;
            default:
                throw new InvalidOperationException($"unsupported type {type}");
        }
    }

    public static CtyType Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                throw new FormatException("invalid type JSON: empty input");
            }

            var type = Read(ref reader);
            if (reader.Read())
            {
                throw new FormatException("invalid type JSON: unexpected data after the type");
            }

            return type;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: text that is not valid UTF-8.
            throw new FormatException($"invalid type JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads one type; the reader is on its first token and is left on its last token.</summary>
    public static CtyType Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (reader.ValueTextEquals("string"u8))
                {
                    return CtyType.String;
                }

                if (reader.ValueTextEquals("number"u8))
                {
                    return CtyType.Number;
                }

                if (reader.ValueTextEquals("bool"u8))
                {
                    return CtyType.Bool;
                }

                if (reader.ValueTextEquals("dynamic"u8))
                {
                    return CtyType.Dynamic;
                }

                throw new FormatException($"invalid type JSON: unsupported primitive type \"{reader.GetString()}\"");
            case JsonTokenType.StartArray:
                return ReadComplex(ref reader);
            default:
                throw new FormatException($"invalid type JSON: unexpected {reader.TokenType} where a type is required");
        }
    }

    private static CtyType ReadComplex(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException("invalid type JSON: first element of a type array must be a string");
        }

        CtyType result;
        if (reader.ValueTextEquals("list"u8) || reader.ValueTextEquals("set"u8) || reader.ValueTextEquals("map"u8))
        {
            char kind = reader.ValueTextEquals("list"u8) ? 'l' : reader.ValueTextEquals("set"u8) ? 's' : 'm';
            Next(ref reader);
            var element = Read(ref reader);
            result = kind switch
            {
                'l' => CtyType.List(element),
                's' => CtyType.Set(element),
                _ => CtyType.Map(element),
            };
        }
        else if (reader.ValueTextEquals("tuple"u8))
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FormatException("invalid type JSON: tuple element types must be an array");
            }

            var elements = new List<CtyType>();
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                elements.Add(Read(ref reader));
            }

            result = new TupleType(elements);
        }
        else if (reader.ValueTextEquals("object"u8))
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("invalid type JSON: object attribute types must be a JSON object");
            }

            var attributes = new List<KeyValuePair<string, CtyType>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                string name = GetString(ref reader);
                if (!seen.Add(name))
                {
                    throw new FormatException($"invalid type JSON: duplicate object attribute \"{name}\"");
                }

                Next(ref reader);
                attributes.Add(new KeyValuePair<string, CtyType>(name, Read(ref reader)));
            }

            List<string>? optional = null;
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                optional = new List<string>();
                while (true)
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new FormatException("invalid type JSON: optional attribute names must be strings");
                    }

                    string name = GetString(ref reader);
                    if (!seen.Contains(name))
                    {
                        throw new FormatException($"invalid type JSON: optional attribute \"{name}\" is not an attribute of the object");
                    }

                    optional.Add(name);
                }
            }
            else
            {
                ExpectEnd(ref reader);
                return new ObjectType(attributes, null);
            }

            result = new ObjectType(attributes, optional);
        }
        else
        {
            throw new FormatException($"invalid type JSON: unsupported type kind \"{reader.GetString()}\"");
        }

        Next(ref reader);
        ExpectEnd(ref reader);
        return result;
    }

    private static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"invalid type JSON: {ex.Message}", ex);
        }
    }

    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new FormatException("invalid type JSON: too many elements in a type array");
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("invalid type JSON: unexpected end of input");
        }
    }
}
