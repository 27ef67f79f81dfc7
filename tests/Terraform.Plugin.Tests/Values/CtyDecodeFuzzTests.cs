using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Values;

/// <summary>Corrupted input either decodes or fails with <see cref="CtyDecodeException"/>; nothing else escapes. A failure names its seed.</summary>
public sealed class CtyDecodeFuzzTests
{
    private const int Cases = 3000;

    [Fact]
    public void CorruptedMsgPackFailsCleanly()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var gen = new CtyRandom(seed);
            var type = gen.Type(3);
            var bytes = CtyMsgPack.Encode(gen.Value(type, 3, allowUnknown: true), type);
            var corrupted = Corrupt(new Random(seed), bytes);
            try
            {
                CtyMsgPack.Decode(corrupted, type);
            }
            catch (CtyDecodeException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {type} {Hex.Format(corrupted)}: {ex}");
            }
        }
    }

    [Fact]
    public void CorruptedJsonFailsCleanly()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var gen = new CtyRandom(seed);
            var type = gen.Type(3);
            var bytes = CtyJson.Encode(gen.Value(type, 3, allowUnknown: false), type);
            var corrupted = Corrupt(new Random(seed), bytes);
            foreach (bool ignore in new[] { false, true })
            {
                try
                {
                    CtyJson.Decode(corrupted, type, ignore);
                }
                catch (CtyDecodeException)
                {
                }
                catch (Exception ex)
                {
                    Assert.Fail($"seed {seed}: {type} {System.Text.Encoding.UTF8.GetString(corrupted)}: {ex}");
                }
            }
        }
    }

    [Fact]
    public void CorruptedTypeJsonFailsWithFormatException()
    {
        for (int seed = 1; seed <= Cases; seed++)
        {
            var json = new CtyRandom(seed).Type(3).ToJson();
            var corrupted = Corrupt(new Random(seed), json);
            try
            {
                CtyType.FromJson(corrupted);
            }
            catch (FormatException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {System.Text.Encoding.UTF8.GetString(corrupted)}: {ex}");
            }
        }
    }

    [Theory]
    [InlineData("dd 7f ff ff ff 01")]
    [InlineData("dd ff ff ff ff 01")]
    [InlineData("df 7f ff ff ff a1 61 01")]
    [InlineData("db 7f ff ff ff 61")]
    [InlineData("c9 7f ff ff ff 00")]
    public void HugeLengthHeadersDoNotAllocate(string hex)
    {
        foreach (var type in new[] { CtyType.List(CtyType.Number), CtyType.Map(CtyType.Number), CtyType.String, CtyType.Object([new("a", CtyType.Number)]) })
        {
            Assert.Throws<CtyDecodeException>(() => CtyMsgPack.Decode(Hex.Parse(hex), type));
        }
    }

    private static byte[] Corrupt(Random rng, byte[] bytes)
    {
        var list = bytes.ToList();
        int edits = rng.Next(1, 4);
        for (int i = 0; i < edits; i++)
        {
            switch (rng.Next(4))
            {
                case 0 when list.Count > 0:
                    list[rng.Next(list.Count)] = (byte)rng.Next(256);
                    break;
                case 1 when list.Count > 0:
                    list.RemoveAt(rng.Next(list.Count));
                    break;
                case 2:
                    list.Insert(rng.Next(list.Count + 1), (byte)rng.Next(256));
                    break;
                default:
                    list = list.Take(rng.Next(list.Count + 1)).ToList();

                    break;
            }
        }

        return list.ToArray();
    }
}
