using System.Security.Cryptography;
using System.Text;

namespace Nutanix.Simulator.Inventory;

/// <summary>Name-based UUIDs (RFC 4122 version 5 layout over SHA-256) so seeded entities keep their UUIDs across restarts.</summary>
public static class DeterministicUuid
{
    public static string For(string kind, string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("nutanix-sim/" + kind + "/" + name), hash);
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
