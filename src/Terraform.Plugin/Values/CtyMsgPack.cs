using System.Buffers;
using System.Text;
using MessagePack;

namespace Terraform.Plugin.Values;

/// <summary>
/// The cty msgpack codec used in tfplugin6 <c>DynamicValue.msgpack</c>, byte-compatible with go-cty's
/// <c>cty/msgpack</c> as used by Terraform 1.11 (compact ints, float64 for non-int64 doubles, decimal strings beyond,
/// <c>d4 00 00</c> for unknown, <c>[bin(type JSON), value]</c> for values in dynamic positions).
/// </summary>
public static class CtyMsgPack
{
    /// <summary>The bytes go-cty writes for an unknown value: fixext1, type 0, payload 0.</summary>
    internal static ReadOnlySpan<byte> UnknownBytes => [0xd4, 0x00, 0x00];

    private const sbyte RefinedUnknownExtType = 0x0c;
    private const int MaxDepth = 1000;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Encodes <paramref name="value"/> as <paramref name="type"/> (normally the schema's implied type).</summary>
    /// <exception cref="ArgumentException">The value does not conform to the type; the message names the path.</exception>
    public static byte[] Encode(CtyValue value, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(type);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        try
        {
            var writer = new MessagePackWriter(buffer);
            Write(ref writer, value, type, new CtyPath());
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > 1 << 20)
            {
                t_buffer = null; // do not pin a huge buffer to the thread
            }
        }
    }

    /// <summary>Decodes msgpack against <paramref name="type"/>. Any extension value decodes as unknown.</summary>
    /// <exception cref="CtyDecodeException">Malformed data or data not of the type; the message names the path.</exception>
    public static CtyValue Decode(ReadOnlyMemory<byte> data, CtyType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var reader = new MessagePackReader(data);
        var path = new CtyPath();
        try
        {
            var value = Read(ref reader, type, path);
            if (!reader.End)
            {
                throw new CtyDecodeException("unexpected data after the value");
            }

            return value;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException)
        {
            throw path.DecodeError($"malformed msgpack: {ex.Message}");
        }
    }

    private static void Write(ref MessagePackWriter w, CtyValue v, CtyType t, CtyPath path)
    {
        if (t is DynamicType)
        {
            if (v.Type is DynamicType)
            {
                if (v.IsNull)
                {
                    w.WriteNil();
                }
                else
                {
                    w.WriteRaw(UnknownBytes);
                }

                return;
            }

            w.WriteArrayHeader(2);
            w.Write(v.Type.JsonBytes);
            Write(ref w, v, v.Type, path);
            return;
        }

        if (!v.IsKnown)
        {
            w.WriteRaw(UnknownBytes);
            return;
        }

        if (v.IsNull)
        {
            w.WriteNil();
            return;
        }

        if (v.Type.Kind != t.Kind)
        {
            throw path.EncodeError($"{t} required, got {v.Type}");
        }

        switch (t.Kind)
        {
            case CtyTypeKind.String:
                w.Write(v.RawString);
                break;
            case CtyTypeKind.Number:
                WriteNumber(ref w, v.RawNumber);
                break;
            case CtyTypeKind.Bool:
                w.Write(v.RawBool);
                break;
            case CtyTypeKind.List:
            case CtyTypeKind.Set:
            {
                var items = v.ElementArray;
                var elementType = t.ElementType;
                w.WriteArrayHeader(items.Length);
                for (int i = 0; i < items.Length; i++)
                {
                    path.PushIndex(i);
                    Write(ref w, items[i], elementType, path);
                    path.Pop();
                }

                break;
            }

            case CtyTypeKind.Map:
            {
                var entries = v.MapEntries;
                var elementType = t.ElementType;
                w.WriteMapHeader(entries.Count);
                for (int i = 0; i < entries.Count; i++)
                {
                    string key = entries.KeyArray[i];
                    w.Write(key);
                    path.PushKey(key);
                    Write(ref w, entries.ValueArray[i], elementType, path);
                    path.Pop();
                }

                break;
            }

            case CtyTypeKind.Tuple:
            {
                var tt = (TupleType)t;
                var items = v.ElementArray;
                if (items.Length != tt.Elements.Length)
                {
                    throw path.EncodeError($"{t} required, got {v.Type}");
                }

                w.WriteArrayHeader(items.Length);
                for (int i = 0; i < items.Length; i++)
                {
                    path.PushIndex(i);
                    Write(ref w, items[i], tt.Elements[i], path);
                    path.Pop();
                }

                break;
            }

            case CtyTypeKind.Object:
            {
                var ot = (ObjectType)t;
                var vt = (ObjectType)v.Type;
                var values = v.ElementArray;
                if (!ReferenceEquals(ot, vt) && !SameNames(ot, vt))
                {
                    throw path.EncodeError($"{t} required, got {v.Type}");
                }

                var keys = MsgPackKeys(ot);
                w.WriteMapHeader(keys.Length);
                for (int i = 0; i < keys.Length; i++)
                {
                    w.WriteRaw(keys[i]);
                    path.PushAttribute(ot.Names[i]);
                    Write(ref w, values[i], ot.Types[i], path);
                    path.Pop();
                }

                break;
            }
        }
    }

    private static void WriteNumber(ref MessagePackWriter w, CtyNumber n)
    {
        if (n.TryGetInt64(out long l))
        {
            w.Write(l);
        }
        else if (n.TryGetExactDouble(out double d))
        {
            w.Write(d);
        }
        else
        {
            w.Write(n.ToString());
        }
    }

    private static bool SameNames(ObjectType a, ObjectType b)
    {
        if (a.Names.Length != b.Names.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Names.Length; i++)
        {
            if (!string.Equals(a.Names[i], b.Names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[][] MsgPackKeys(ObjectType type)
    {
        var keys = type.MsgPackKeys;
        if (keys is null)
        {
            keys = new byte[type.Names.Length][];
            for (int i = 0; i < keys.Length; i++)
            {
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                writer.Write(type.Names[i]);
                writer.Flush();
                keys[i] = buffer.WrittenSpan.ToArray();
            }

            type.MsgPackKeys = keys;
        }

        return keys;
    }

    private static CtyValue Read(ref MessagePackReader r, CtyType t, CtyPath path)
    {
        if (r.End)
        {
            throw path.DecodeError("unexpected end of data");
        }

        // Peek once and dispatch on the format byte; MessagePackReader peeks are comparatively costly.
        byte code = r.NextCode;
        if (IsExtension(code))
        {
            return ReadUnknown(ref r, t);
        }

        if (t is DynamicType)
        {
            return ReadDynamic(ref r, code, path);
        }

        if (code == MessagePackCode.Nil)
        {
            r.ReadNil();
            return CtyValue.Null(t);
        }

        switch (t.Kind)
        {
            case CtyTypeKind.String:
                if (IsString(code))
                {
                    return CtyValue.String(r.ReadString()!);
                }

                return CtyValue.String(ReadText(ref r, code) ?? throw path.DecodeError("string required"));
            case CtyTypeKind.Number:
                return CtyValue.Number(ReadNumber(ref r, code, path));
            case CtyTypeKind.Bool:
                if (code is not (MessagePackCode.True or MessagePackCode.False))
                {
                    throw path.DecodeError("bool required");
                }

                return CtyValue.Bool(r.ReadBoolean());
            case CtyTypeKind.List:
            case CtyTypeKind.Set:
            {
                if (!IsArray(code))
                {
                    throw path.DecodeError(t.Kind == CtyTypeKind.List ? "list required" : "set required");
                }

                int count = r.ReadArrayHeader();
                var elementType = t.ElementType;
                var items = new CtyValue[count];
                CheckDepth(path);
                for (int i = 0; i < count; i++)
                {
                    path.PushIndex(i);
                    items[i] = Read(ref r, elementType, path);
                    path.Pop();
                }

                return t.Kind == CtyTypeKind.List ? CtyValue.CreateList(t, items) : CtyValue.CreateSet(t, items);
            }

            case CtyTypeKind.Map:
                if (!IsMap(code))
                {
                    throw path.DecodeError("map required");
                }

                return ReadMap(ref r, t, path);
            case CtyTypeKind.Tuple:
            {
                var tt = (TupleType)t;
                if (!IsArray(code))
                {
                    throw path.DecodeError("tuple required");
                }

                int count = r.ReadArrayHeader();
                if (count != tt.Elements.Length)
                {
                    throw path.DecodeError($"a tuple of length {tt.Elements.Length} is required ({count} given)");
                }

                var items = new CtyValue[count];
                CheckDepth(path);
                for (int i = 0; i < count; i++)
                {
                    path.PushIndex(i);
                    items[i] = Read(ref r, tt.Elements[i], path);
                    path.Pop();
                }

                return CtyValue.CreateTuple(tt, items);
            }

            case CtyTypeKind.Object:
                if (!IsMap(code))
                {
                    throw path.DecodeError("object required");
                }

                return ReadObject(ref r, (ObjectType)t, path);
            default:
                throw path.DecodeError($"unsupported type {t}");
        }
    }

    private static bool IsExtension(byte code) =>
        code is (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) or (>= MessagePackCode.Ext8 and <= MessagePackCode.Ext32);

    private static bool IsString(byte code) =>
        code is (>= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) or (>= MessagePackCode.Str8 and <= MessagePackCode.Str32);

    private static bool IsBinary(byte code) => code is >= MessagePackCode.Bin8 and <= MessagePackCode.Bin32;

    private static bool IsArray(byte code) =>
        code is (>= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray) or MessagePackCode.Array16 or MessagePackCode.Array32;

    private static bool IsMap(byte code) =>
        code is (>= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap) or MessagePackCode.Map16 or MessagePackCode.Map32;

    private static CtyValue ReadUnknown(ref MessagePackReader r, CtyType t)
    {
        var header = r.ReadExtensionFormatHeader();
        var payload = r.ReadRaw(header.Length);
        if (header.TypeCode == RefinedUnknownExtType && header.Length > 1 && RefinedNotNull(payload))
        {
            return CtyValue.UnknownNotNull(t);
        }

        return CtyValue.Unknown(t);
    }

    /// <summary>Reads the refinement map of a refined unknown; key 1 = false means "definitely not null". Malformed payloads refine nothing.</summary>
    private static bool RefinedNotNull(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                return false;
            }

            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType == MessagePackType.Integer && reader.ReadInt64() == 1
                    && reader.NextMessagePackType == MessagePackType.Boolean)
                {
                    return !reader.ReadBoolean();
                }

                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return false;
        }

        return false;
    }

    private static CtyValue ReadDynamic(ref MessagePackReader r, byte code, CtyPath path)
    {
        if (code == MessagePackCode.Nil)
        {
            r.ReadNil();
            return CtyValue.Null(CtyType.Dynamic);
        }

        if (!IsArray(code) || r.ReadArrayHeader() != 2)
        {
            throw path.DecodeError("dynamic value array must have exactly two elements");
        }

        ReadOnlySequence<byte> typeJson;
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Binary:
                typeJson = r.ReadBytes() ?? default;
                break;
            case MessagePackType.String:
                typeJson = r.ReadStringSequence() ?? default;
                break;
            default:
                throw path.DecodeError("dynamic value type must be bytes holding type JSON");
        }

        CtyType type;
        try
        {
            type = typeJson.IsSingleSegment ? CtyType.FromJson(typeJson.FirstSpan) : CtyType.FromJson(typeJson.ToArray());
        }
        catch (FormatException ex)
        {
            throw path.DecodeError($"dynamic value type: {ex.Message}");
        }

        CheckDepth(path);
        path.Nesting++;
        var value = Read(ref r, type, path);
        path.Nesting--;
        return value;
    }

    private static string? ReadText(ref MessagePackReader r) => r.End ? null : ReadText(ref r, r.NextCode);

    private static string? ReadText(ref MessagePackReader r, byte code)
    {
        if (IsString(code))
        {
            return r.ReadString();
        }

        if (IsBinary(code))
        {
            var bytes = r.ReadBytes() ?? default;
            return Encoding.UTF8.GetString(bytes);
        }

        return null;
    }

    private static CtyNumber ReadNumber(ref MessagePackReader r, byte code, CtyPath path)
    {
        if (code <= MessagePackCode.MaxFixInt || code >= MessagePackCode.MinNegativeFixInt
            || code is (>= MessagePackCode.UInt8 and <= MessagePackCode.UInt32) or (>= MessagePackCode.Int8 and <= MessagePackCode.Int64))
        {
            return CtyNumber.FromInt64(r.ReadInt64());
        }

        if (code == MessagePackCode.UInt64)
        {
            return CtyNumber.FromUInt64(r.ReadUInt64());
        }

        if (code is MessagePackCode.Float32 or MessagePackCode.Float64)
        {
            double d = r.ReadDouble();
            if (double.IsNaN(d))
            {
                throw path.DecodeError("number required (NaN is not a number)");
            }

            return CtyNumber.FromDouble(d);
        }

        string? text = ReadText(ref r, code);
        if (text is not null && CtyNumber.TryParse(text, out var n))
        {
            return n;
        }

        throw path.DecodeError("number required");
    }

    private static CtyValue ReadMap(ref MessagePackReader r, CtyType t, CtyPath path)
    {
        int count = r.ReadMapHeader();
        var keys = new string[count];
        var values = new CtyValue[count];
        var elementType = t.ElementType;
        bool sorted = true;
        CheckDepth(path);
        for (int i = 0; i < count; i++)
        {
            string key = ReadText(ref r) ?? throw path.DecodeError("map keys must be strings");
            if (i > 0)
            {
                int c = CtyOrdering.Instance.Compare(keys[i - 1], key);
                if (c == 0)
                {
                    throw path.DecodeError($"duplicate map key \"{key}\"");
                }

                sorted &= c < 0;
            }

            keys[i] = key;
            path.PushKey(key);
            values[i] = Read(ref r, elementType, path);
            path.Pop();
        }

        if (!sorted)
        {
            Array.Sort(keys, values, CtyOrdering.Instance);
            for (int i = 1; i < count; i++)
            {
                if (string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
                {
                    throw path.DecodeError($"duplicate map key \"{keys[i]}\"");
                }
            }
        }

        return CtyValue.CreateMap(t, keys, values);
    }

    private static CtyValue ReadObject(ref MessagePackReader r, ObjectType t, CtyPath path)
    {
        int count = r.ReadMapHeader();
        var names = t.Names;
        if (count != names.Length)
        {
            throw path.DecodeError($"an object with {names.Length} attributes is required ({count} given)");
        }

        var values = new CtyValue[count];
        var utf8Names = t.Utf8Names;
        CheckDepth(path);
        for (int i = 0; i < count; i++)
        {
            int index = -1;
            if (IsString(r.NextCode) && r.TryReadStringSpan(out var span))
            {
                // Terraform writes attributes in sorted order, so the i-th key is almost always the i-th attribute.
                if (span.SequenceEqual(utf8Names[i]))
                {
                    index = i;
                }
                else
                {
                    string name = Encoding.UTF8.GetString(span);
                    index = t.IndexOf(name);
                    if (index < 0)
                    {
                        throw path.DecodeError($"unsupported attribute \"{name}\"");
                    }
                }
            }
            else
            {
                string name = ReadText(ref r) ?? throw path.DecodeError("object attribute names must be strings");
                index = t.IndexOf(name);
                if (index < 0)
                {
                    throw path.DecodeError($"unsupported attribute \"{name}\"");
                }
            }

            if (values[index] is not null)
            {
                throw path.DecodeError($"duplicate attribute \"{names[index]}\"");
            }

            path.PushAttribute(names[index]);
            values[index] = Read(ref r, t.Types[index], path);
            path.Pop();
        }

        return CtyValue.CreateObject(t, values);
    }

    private static void CheckDepth(CtyPath path)
    {
        if (path.Depth >= MaxDepth)
        {
            throw path.DecodeError("value nested too deeply");
        }
    }
}
