using Nutanix.Capi.Gateway;
using Nutanix.Capi.Rendering;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.Tests.Unit;

public sealed class ProviderSettingsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void Resolve_FollowsTheDocumentedOrder()
    {
        var existing = Path.GetTempFileName();
        try
        {
            var env = Env(("NUTANIX_MGMT_KUBECONFIG", "/mgmt"), ("KUBECONFIG", "/kc"), ("HOME", "/home/u"));
            Assert.True(new ProviderSettings { Kubeconfig = "apiVersion: v1", KubeconfigPath = "/p" }.Resolve(env).Inline);
            Assert.Equal("/p", new ProviderSettings { KubeconfigPath = "/p" }.Resolve(env).Path);
            Assert.Equal("/mgmt", new ProviderSettings().Resolve(env).Path);
            Assert.Equal("/kc", new ProviderSettings().Resolve(Env(("KUBECONFIG", "/kc"))).Path);
            // KUBECONFIG lists: the first existing file wins.
            Assert.Equal(existing, new ProviderSettings().Resolve(Env(("KUBECONFIG", $"/missing{Path.PathSeparator}{existing}"))).Path);
            var fallback = new ProviderSettings().Resolve(Env(("HOME", "/home/u")));
            Assert.Equal("/home/u/.kube/config", fallback.Path);
            Assert.Contains("~/.kube/config", fallback.Origin, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(existing);
        }
    }

    [Fact]
    public void MissingKubeconfig_NamesTheAttributesToSet()
    {
        using var context = new ProviderContext(new ProviderSettings(), null, Env(("NUTANIX_MGMT_KUBECONFIG", "/nonexistent/kubeconfig")));
        var ex = Assert.Throws<ProviderConfigurationException>(() => context.GetManagementClient());
        Assert.Contains("/nonexistent/kubeconfig", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("NUTANIX_MGMT_KUBECONFIG", ex.Detail, StringComparison.Ordinal);
        Assert.Contains("kubeconfig_path", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageInlineKubeconfig_IsAConfigurationErrorWithoutItsContent()
    {
        using var context = new ProviderContext(new ProviderSettings { Kubeconfig = "token: s3cr3t-value\n: : :" }, null, _ => null);
        var ex = Assert.Throws<ProviderConfigurationException>(() => context.GetManagementClient());
        Assert.Contains("kubeconfig attribute", ex.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSettings_RefuseToConnect()
    {
        using var context = new ProviderContext(new ProviderSettings { IsKnown = false }, null, _ => null);
        Assert.Throws<ProviderConfigurationException>(() => context.GetManagementClient());
    }

    [Fact]
    public void PrismOptions_FromAccount_UseTheStoredCredentials()
    {
        var json = CredentialsFormat.Write(PrismCredentials.Basic("admin", "pw-123"));
        var account = new CloudAccountRecord("ns/a", "ns", "a", "pc.local", 9441, true, null, json, "admin", false);
        var options = PrismClients.OptionsFor(account, null);
        Assert.Equal("pc.local", options.Endpoint);
        Assert.Equal(9441, options.Port);
        Assert.True(options.Insecure);
        Assert.Equal("pw-123", options.Password);
        Assert.DoesNotContain("pw-123", account.ToString(), StringComparison.Ordinal);

        var keyJson = CredentialsFormat.Write(PrismCredentials.FromApiKey("k-1"));
        var keyAccount = account with { CredentialsJson = keyJson, Username = null, UsesApiKey = true };
        Assert.Equal("k-1", PrismClients.OptionsFor(keyAccount, null).ApiKey);
        Assert.Null(PrismClients.OptionsFor(keyAccount, null).Password);
    }
}
