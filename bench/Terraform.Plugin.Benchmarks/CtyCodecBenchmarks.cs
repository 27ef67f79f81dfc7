using BenchmarkDotNet.Attributes;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Benchmarks;

/// <summary>cty codecs on a 50-attribute cluster-like object (what every plan/apply RPC decodes and encodes).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class CtyCodecBenchmarks
{
    private ObjectType _type = null!;
    private CtyValue _value = null!;
    private CtyValue _knownValue = null!;
    private byte[] _msgpack = null!;
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _type = ClusterShape.Type;
        _value = ClusterShape.Value;
        _msgpack = CtyMsgPack.Encode(_value, _type);

        // JSON cannot carry unknowns: replace them with known values.
        _knownValue = _value
            .WithAttribute("string_attr_07", CtyValue.String("known"))
            .WithAttribute("control_plane", _value["control_plane"].WithAttribute("ready", CtyValue.Bool(true)));
        _json = CtyJson.Encode(_knownValue, _type);
    }

    [Benchmark]
    public CtyValue MsgPackDecode() => CtyMsgPack.Decode(_msgpack, _type);

    [Benchmark]
    public byte[] MsgPackEncode() => CtyMsgPack.Encode(_value, _type);

    [Benchmark(Baseline = true)]
    public byte[] MsgPackDecodeEncode() => CtyMsgPack.Encode(CtyMsgPack.Decode(_msgpack, _type), _type);

    [Benchmark]
    public CtyValue JsonDecode() => CtyJson.Decode(_json, _type);

    [Benchmark]
    public byte[] JsonEncode() => CtyJson.Encode(_knownValue, _type);

    [Benchmark]
    public byte[] JsonDecodeEncode() => CtyJson.Encode(CtyJson.Decode(_json, _type), _type);
}
