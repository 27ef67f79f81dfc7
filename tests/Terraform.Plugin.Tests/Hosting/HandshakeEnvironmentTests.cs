using Terraform.Plugin.Hosting;

namespace Terraform.Plugin.Tests.Hosting;

public sealed class HandshakeEnvironmentTests
{
    [Theory]
    [InlineData("5,6", true)]
    [InlineData("6,5", true)]
    [InlineData(" 6 ", true)]
    [InlineData("5", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("x,60", false)]
    public void AcceptsProtocol6_OnlyWhenListed(string? versions, bool expected) =>
        Assert.Equal(expected, HandshakeEnvironment.AcceptsProtocol6(versions));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void HandshakeLine_StripsBase64Padding(int length)
    {
        var der = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        var line = HandshakeEnvironment.FormatHandshakeLine("127.0.0.1", 1234, der);
        var cert = line.Split('|')[5];
        Assert.Equal(Convert.ToBase64String(der).TrimEnd('='), cert);
        Assert.DoesNotContain('=', line);
        Assert.StartsWith("1|6|tcp|127.0.0.1:1234|grpc|", line, StringComparison.Ordinal);
    }

    [Fact]
    public void HandshakeLine_WithoutTls_EndsWithEmptyCertificateField() =>
        Assert.Equal("1|6|tcp|127.0.0.1:99|grpc|", HandshakeEnvironment.FormatHandshakeLine("127.0.0.1", 99, null));

    [Fact]
    public void MagicCookie_MustMatchExactly()
    {
        Assert.True(HandshakeEnvironment.HasMagicCookie(_ => HandshakeEnvironment.MagicCookieValue));
        Assert.False(HandshakeEnvironment.HasMagicCookie(_ => HandshakeEnvironment.MagicCookieValue.ToUpperInvariant()));
        Assert.False(HandshakeEnvironment.HasMagicCookie(_ => null));
    }

    [Fact]
    public void ServerCertificate_PinsOnlyTheGivenClient()
    {
        using var a = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var b = AutoMtls.CreateSelfSigned(DateTimeOffset.UtcNow);
        using var aAgain = AutoMtls.LoadClientCertificate(a.ExportCertificatePem());
        Assert.True(AutoMtls.IsPinnedClient(aAgain, a));
        Assert.False(AutoMtls.IsPinnedClient(b, a));
        Assert.False(AutoMtls.IsPinnedClient(null, a));
        Assert.True(a.HasPrivateKey);
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.True(a.SerialNumberBytes.Span[0] < 0x80, "serial must be a positive integer");
    }
}
