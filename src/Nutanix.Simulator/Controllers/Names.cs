using System.Security.Cryptography;
using System.Text;

namespace Nutanix.Simulator.Controllers;

/// <summary>Name suffixes like the apiserver's generateName and CAPI's template hashes.</summary>
internal static class Names
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Five random characters from the apiserver's generateName alphabet.</summary>
    public static string RandomSuffix() =>
        string.Concat(Enumerable.Range(0, 5).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));

    /// <summary>A stable five-character suffix derived from <paramref name="text"/>, same alphabet.</summary>
    public static string Hash(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return string.Concat(bytes.Take(5).Select(b => Alphabet[b % Alphabet.Length]));
    }

    /// <summary>A stable decimal hash (CAPI's <c>machine-template-hash</c> label value).</summary>
    public static string NumericHash(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return (BitConverter.ToUInt32(bytes, 0) % 10_000_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
