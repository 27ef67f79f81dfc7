using Nutanix.Capi.Gateway;
using Nutanix.Capi.Rendering;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Tests.Unit;

public sealed class ValidationAndComponentsTests
{
    [Theory]
    [InlineData("pc.example.com", null)]
    [InlineData("10.0.0.10", null)]
    [InlineData("fd00::10", null)]
    [InlineData("", "empty")]
    [InlineData("https://pc", "scheme")]
    [InlineData("pc/api", "path")]
    [InlineData("pc:9440", "port attribute")]
    [InlineData("bad host", "not a valid host name")]
    public void Endpoint(string value, string? problem)
    {
        var result = AttributeChecks.EndpointProblem(value);
        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(problem, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pem_AcceptsRealCertificates_RejectsGarbage()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Null(AttributeChecks.PemProblem(cert.ExportCertificatePem()));
        Assert.Contains("no PEM certificate", AttributeChecks.PemProblem("hello"), StringComparison.Ordinal);
        Assert.NotNull(AttributeChecks.PemProblem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    }

    [Fact]
    public void Credentials_RoundTripInCapxFormat()
    {
        var json = CredentialsFormat.Write(PrismCredentials.Basic("admin", "p\"w"));
        Assert.Contains("\"type\":\"basic_auth\"", json.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(CredentialsFormat.TryRead(json, out var user, out var password, out var key));
        Assert.Equal(("admin", "p\"w", (string?)null), (user, password, key));
        Assert.False(CredentialsFormat.TryRead("[{\"type\":\"oauth\"}]", out _, out _, out _));
        Assert.False(CredentialsFormat.TryRead("not json", out _, out _, out _));
    }

    [Fact]
    public void Ids_AreNamespaceSlashName()
    {
        Assert.True(GatewayStore.TryParseId("ns/name", out var ns, out var name));
        Assert.Equal(("ns", "name"), (ns, name));
        Assert.False(GatewayStore.TryParseId("ns", out _, out _));
        Assert.False(GatewayStore.TryParseId("a/b/c", out _, out _));
        Assert.False(GatewayStore.TryParseId("/b", out _, out _));
    }

    [Fact]
    public void LocalRepository_PicksHighestVersion_AndNamesTheExpectedPathWhenMissing()
    {
        var dir = Directory.CreateTempSubdirectory("repo-").FullName;
        try
        {
            foreach (var v in new[] { "v1.9.1", "v1.10.3", "v1.10.0" })
            {
                Directory.CreateDirectory(Path.Combine(dir, "infrastructure-nutanix", v));
                File.WriteAllText(Path.Combine(dir, "infrastructure-nutanix", v, "infrastructure-components.yaml"), "kind: Namespace\n");
            }

            var (version, file) = ComponentManifest.Find(dir, "infrastructure-nutanix", "infrastructure-components.yaml", null)!.Value;
            Assert.Equal("v1.10.3", version);
            Assert.EndsWith(Path.Combine("infrastructure-nutanix", "v1.10.3", "infrastructure-components.yaml"), file, StringComparison.Ordinal);

            var ex = Assert.Throws<ComponentInstallException>(() => ComponentManifest.LoadProvider(dir, ProviderComponent.Core, null, _ => null, "x"));
            Assert.Contains(Path.Combine(dir, "cluster-api", "<version>", "core-components.yaml"), ex.Message, StringComparison.Ordinal);
            Assert.Throws<ComponentInstallException>(() => ComponentManifest.LoadProvider(Path.Combine(dir, "nope"), ProviderComponent.Core, null, _ => null, "x"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void InstallVersions_AcceptsComponentNames_RefusesOthersNamingTheValidOnes()
    {
        var diagnostics = new Terraform.Plugin.Diagnostics.DiagnosticBag();
        var good = Terraform.Plugin.Values.CtyValue.Map(Terraform.Plugin.Values.CtyType.String,
            [new("infrastructure-nutanix", Terraform.Plugin.Values.CtyValue.String("v1.10.3")), new("cert-manager", Terraform.Plugin.Values.CtyValue.String("v1.20.2"))]);
        TerraformProvider.Nutanix.Resources.PcgVersionKeys.Validator.Validate(new(Terraform.Plugin.Paths.AttributePath.Root("versions"), good), diagnostics);
        Assert.False(diagnostics.HasError);

        var bad = Terraform.Plugin.Values.CtyValue.Map(Terraform.Plugin.Values.CtyType.String, [new("capx", Terraform.Plugin.Values.CtyValue.String("v1.10.3"))]);
        TerraformProvider.Nutanix.Resources.PcgVersionKeys.Validator.Validate(new(Terraform.Plugin.Paths.AttributePath.Root("versions"), bad), diagnostics);
        Assert.True(diagnostics.HasError);
        var message = string.Join(" ", diagnostics.Select(d => d.Detail));
        Assert.Contains("\"capx\" is not a component name", message, StringComparison.Ordinal);
        Assert.Contains("infrastructure-nutanix", message, StringComparison.Ordinal);
    }
}
