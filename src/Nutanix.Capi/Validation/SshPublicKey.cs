using System.Buffers.Binary;
using System.Text;

namespace Nutanix.Capi.Validation;

/// <summary>
/// Checks an <c>ssh_authorized_keys</c> entry: exactly one OpenSSH public key line — <c>&lt;type&gt; &lt;base64 blob&gt;
/// [comment]</c> — as <c>ssh-keygen</c> writes it to <c>*.pub</c>. The entry ends up in kubeadm's cloud-init user
/// data; a second line, a control character or an <c>authorized_keys</c> option (<c>command="..."</c>) would be
/// written to the node as something other than a key.
/// </summary>
public static class SshPublicKey
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss",
    };

    /// <summary>Null when <paramref name="entry"/> is one OpenSSH public key line, else what is wrong.</summary>
    public static string? Problem(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Contains('\n', StringComparison.Ordinal) || entry.Contains('\r', StringComparison.Ordinal))
        {
            return "the entry spans several lines: give one public key per list element, on a single line (use chomp(file(\"~/.ssh/id_ed25519.pub\")) to drop the file's trailing newline)";
        }

        if (entry.Any(c => char.IsControl(c) && c != '\t'))
        {
            return "the entry contains a control character: an OpenSSH public key is printable text";
        }

        var fields = entry.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (entry.Length == 0 || fields.Length == 0)
        {
            return "the entry is empty: expected \"<type> <base64 key> [comment]\", e.g. the contents of ~/.ssh/id_ed25519.pub";
        }

        if (entry[0] is ' ' or '\t')
        {
            return "the entry starts with whitespace: expected \"<type> <base64 key> [comment]\"";
        }

        if (!Types.Contains(fields[0]))
        {
            return fields[0].Contains('=', StringComparison.Ordinal) || fields[0].Contains(',', StringComparison.Ordinal)
                ? "authorized_keys options (such as command=\"...\" or from=\"...\") are not accepted: give only \"<type> <base64 key> [comment]\""
                : $"unknown key type \"{Truncate(fields[0])}\": expected one of {string.Join(", ", Types.Order(StringComparer.Ordinal))} followed by the base64 key";
        }

        if (fields.Length < 2)
        {
            return $"the {fields[0]} key has no base64 key data after the type";
        }

        var blob = new byte[fields[1].Length];
        if (!Convert.TryFromBase64String(fields[1], blob, out var length))
        {
            return $"the key data after \"{fields[0]}\" is not valid base64";
        }

        if (BlobType(blob.AsSpan(0, length)) is not { } blobType || !string.Equals(blobType, fields[0], StringComparison.Ordinal))
        {
            return $"the key data does not hold a {fields[0]} key (the base64 blob names {(BlobType(blob.AsSpan(0, length)) is { } t ? $"\"{Truncate(t)}\"" : "no key type")})";
        }

        if (fields[0] == "ssh-ed25519" && length != 4 + 11 + 4 + 32)
        {
            return "the ssh-ed25519 key data has the wrong length (an Ed25519 public key is 32 bytes)";
        }

        return null;
    }

    private static string? BlobType(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4) return null;
        var n = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (n == 0 || n > 64 || blob.Length < 4 + n) return null;
        var name = blob.Slice(4, (int)n);
        foreach (var b in name)
        {
            if (b is < 0x21 or > 0x7e) return null;
        }

        return Encoding.ASCII.GetString(name);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
