using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

/// <summary>Random types and values survive encode → decode → encode unchanged. A failure names its seed.</summary>
public sealed class CtyRoundTripPropertyTests
{
    private const int Cases = 3000;

    [Fact]
    public void MsgPackRoundTrips()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var gen = new CtyRandom(seed);
            var type = gen.Type(3);
            var value = gen.Value(type, 3, allowUnknown: true);
            byte[] bytes;
            CtyValue decoded;
            try
            {
                bytes = CtyMsgPack.Encode(value, type);
                decoded = CtyMsgPack.Decode(bytes, type);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {type} {value}: {ex}");
                return;
            }

            Assert.True(value.Equals(decoded), $"seed {seed}: {type}\n  original {value}\n  decoded  {decoded}\n  bytes {Hex.Format(bytes)}");
            Assert.True(value.GetHashCode() == decoded.GetHashCode(), $"seed {seed}: hash differs for {value}");
            Assert.True(bytes.AsSpan().SequenceEqual(CtyMsgPack.Encode(decoded, type)), $"seed {seed}: re-encoding differs for {type}");
        }
    }

    [Fact]
    public void JsonRoundTrips()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var gen = new CtyRandom(seed);
            var type = gen.Type(3);
            var value = gen.Value(type, 3, allowUnknown: false);
            byte[] json;
            CtyValue decoded;
            try
            {
                json = CtyJson.Encode(value, type);
                decoded = CtyJson.Decode(json, type);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {type} {value}: {ex}");
                return;
            }

            Assert.True(value.Equals(decoded), $"seed {seed}: {type}\n  original {value}\n  decoded  {decoded}\n  json {System.Text.Encoding.UTF8.GetString(json)}");
            Assert.True(json.AsSpan().SequenceEqual(CtyJson.Encode(decoded, type)), $"seed {seed}: re-encoding differs for {type}");
        }
    }

    [Fact]
    public void TypeJsonRoundTrips()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var type = new CtyRandom(seed).Type(4);
            var json = type.ToJson();
            var parsed = CtyType.FromJson(json);
            Assert.True(type.Equals(parsed), $"seed {seed}: {type} became {parsed}");
            Assert.True(type.GetHashCode() == parsed.GetHashCode(), $"seed {seed}: hash differs for {type}");
            Assert.True(json.AsSpan().SequenceEqual(parsed.ToJson()), $"seed {seed}: type JSON differs for {type}");
        }
    }

    [Fact]
    public void MsgPackAndJsonAgreeOnKnownValues()
    {
        for (int seed = 1; seed <= 1000; seed++)
        {
            var gen = new CtyRandom(seed + 100_000);
            var type = gen.Type(3);
            var value = gen.Value(type, 3, allowUnknown: false);
            var viaMsgPack = CtyMsgPack.Decode(CtyMsgPack.Encode(value, type), type);
            var viaJson = CtyJson.Decode(CtyJson.Encode(value, type), type);
            Assert.True(viaMsgPack.Equals(viaJson), $"seed {seed + 100_000}: {type}");
        }
    }
}
