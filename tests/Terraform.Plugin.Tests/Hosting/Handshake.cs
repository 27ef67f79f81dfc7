namespace Terraform.Plugin.Tests.Hosting;

/// <summary>A parsed go-plugin handshake line.</summary>
internal sealed record Handshake(int CoreVersion, int ProtocolVersion, string Network, string Address, string Protocol, string Certificate)
{
    public static Handshake Parse(string line)
    {
        var parts = line.Split('|');
        Assert.Equal(6, parts.Length);
        return new Handshake(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3], parts[4], parts[5]);
    }

    /// <summary>DER of the server certificate: field 6 is unpadded standard base64.</summary>
    public byte[] CertificateDer()
    {
        var b64 = Certificate;
        while (b64.Length % 4 != 0) b64 += "=";
        return Convert.FromBase64String(b64);
    }
}
