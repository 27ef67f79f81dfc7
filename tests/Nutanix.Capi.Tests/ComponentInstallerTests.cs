using System.Net;
using System.Text.Json.Nodes;
using Nutanix.Capi.Gateway;
using TestSupport.Clusterctl;

namespace Nutanix.Capi.Tests;

/// <summary>
/// Installing real-shaped release files (<see cref="ClusterctlRepository"/>) the way clusterctl init does, against an
/// in-memory API server that behaves like kube-apiserver where it matters (<see cref="MiniKube"/>).
/// </summary>
public sealed class ComponentInstallerTests : IDisposable
{
    private readonly string _repository = ClusterctlRepository.Create(capxVersions: ["v1.10.2", ClusterctlRepository.CapxVersion]);
    private readonly MiniKube _kube = new();
    private readonly List<InstalledComponent> _record = [];

    // Every wait of the installer ends with this token, so a regression fails instead of hanging.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        Directory.Delete(_repository, recursive: true);
        _kube.Dispose();
        _timeout.Dispose();
    }

    private Task Record(InstalledComponent component)
    {
        var index = _record.FindIndex(c => c.Name == component.Name);
        if (index >= 0) _record[index] = component; else _record.Add(component);
        return Task.CompletedTask;
    }

    private static string? Lookup(string name) => ClusterctlRepository.CapxRequiredVariables.GetValueOrDefault(name);

    private ComponentManifest Load(ProviderComponent provider, string? version = null) =>
        ComponentManifest.LoadProvider(_repository, provider, version, Lookup, "Set it.");

    private async Task InstallAllAsync(ComponentInstaller installer, CancellationToken ct)
    {
        await installer.EnsureCertManagerAsync(ComponentManifest.LoadCertManager(_repository, null), "absent", Record, ct);
        await installer.EnsureInventoryCrdAsync(Record, ct);
        foreach (var provider in ProviderComponent.Required)
        {
            var manifest = Load(provider);
            await installer.ApplyAsync(manifest, Record, ct);
            await Record(new InstalledComponent(manifest.Name, manifest.Version, manifest.References, true));
        }
    }

    [Fact]
    public void Capx_release_is_prepared_as_clusterctl_prepares_it()
    {
        var manifest = Load(ProviderComponent.Nutanix);
        Assert.Equal("v1.10.3", manifest.Version);
        Assert.Equal("capx-system", manifest.TargetNamespace);
        Assert.All(manifest.Objects, o =>
        {
            Assert.Equal(string.Empty, (string?)o["metadata"]!["labels"]!["clusterctl.cluster.x-k8s.io"]);
            Assert.Equal("infrastructure-nutanix", (string?)o["metadata"]!["labels"]!["cluster.x-k8s.io/provider"]);
            Assert.DoesNotContain("${", o.ToJsonString(), StringComparison.Ordinal);
        });

        // Order: the Namespace, CRDs, cert-manager objects, then the rest.
        var kinds = manifest.Objects.Select(o => (string)o["kind"]!).ToList();
        Assert.Equal("Namespace", kinds[0]);
        var lastCrd = kinds.LastIndexOf("CustomResourceDefinition");
        Assert.True(kinds.Skip(1).Take(lastCrd).All(k => k == "CustomResourceDefinition"));
        Assert.Equal(["Certificate", "Issuer"], kinds.Skip(lastCrd + 1).Take(2).Order());

        // CAPX's ${NUTANIX_PORT=9440} sits in JSON inside a ConfigMap: the substituted JSON is valid.
        var endpoint = manifest.Objects.Single(o => (string?)o["metadata"]!["name"] == "capx-nutanix-endpoint");
        var json = JsonNode.Parse((string)endpoint["data"]!["prismCentral"]!)!;
        Assert.Equal(9440, (int)json["port"]!);
        Assert.False((bool)json["insecure"]!);
        Assert.Equal("pc.example.test", (string?)json["address"]);
        var args = manifest.Objects.Single(o => (string?)o["kind"] == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a);
        Assert.Contains("--zap-log-level=info", args);

        var inventory = manifest.Inventory!;
        Assert.Equal("infrastructure-nutanix", (string?)inventory["metadata"]!["name"]);
        Assert.Equal("capx-system", (string?)inventory["metadata"]!["namespace"]);
        Assert.Equal("inventory", (string?)inventory["metadata"]!["labels"]!["clusterctl.cluster.x-k8s.io/core"]);
        Assert.Equal(("InfrastructureProvider", "nutanix", "v1.10.3"), ((string?)inventory["type"], (string?)inventory["providerName"], (string?)inventory["version"]));
    }

    [Fact]
    public void Capx_without_its_required_variables_is_refused_naming_them_and_the_file()
    {
        var ex = Assert.Throws<ComponentInstallException>(() => ComponentManifest.LoadProvider(_repository, ProviderComponent.Nutanix, null, _ => null, "Set them in install.variables."));
        Assert.Contains(Path.Combine(_repository, "infrastructure-nutanix", "v1.10.3", "infrastructure-components.yaml"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("NUTANIX_ENDPOINT, NUTANIX_PASSWORD, NUTANIX_USER", ex.Message, StringComparison.Ordinal);
        Assert.Contains("install.variables", ex.Message, StringComparison.Ordinal);
        // CAPI's own files need nothing: every variable has a default.
        Assert.Equal("v1.13.1", ComponentManifest.LoadProvider(_repository, ProviderComponent.Core, null, _ => null, "x").Version);
    }

    [Fact]
    public async Task Without_cert_manager_the_install_stops_before_applying_anything()
    {
        var installer = new ComponentInstaller(_kube.Client());
        var ex = await Assert.ThrowsAsync<ComponentInstallException>(() => installer.EnsureCertManagerAsync(null, "cert-manager is missing: do X", Record, _timeout.Token));
        Assert.Equal("cert-manager is missing: do X", ex.Message);
        Assert.Empty(_kube.Applied);
        Assert.Empty(_record);
    }

    [Fact]
    public async Task Installs_cert_manager_inventory_and_providers_then_removes_everything()
    {
        var before = _kube.All().Count;
        var installer = new ComponentInstaller(_kube.Client());
        await InstallAllAsync(installer, _timeout.Token);

        // cert-manager first, then the inventory CRD, then the providers in order; within each, CRDs before custom resources.
        var applied = _kube.Applied;
        Assert.StartsWith("Namespace cert-manager", applied[0], StringComparison.Ordinal);
        Assert.True(applied.IndexOf("CustomResourceDefinition providers.clusterctl.cluster.x-k8s.io") < applied.IndexOf("Namespace capi-system"));
        Assert.True(applied.IndexOf("CustomResourceDefinition clusters.cluster.x-k8s.io") < applied.IndexOf("Certificate capi-system/capi-serving-cert"));
        Assert.Equal(["cert-manager", ComponentInstaller.InventoryName, "cluster-api", "bootstrap-kubeadm", "control-plane-kubeadm", "infrastructure-nutanix"], _record.Select(c => c.Name));
        Assert.All(_record, c => Assert.True(c.Complete));

        // Everything recorded is on the cluster, labelled; the controllers run (no ${, serving Secrets issued).
        foreach (var reference in _record.SelectMany(c => c.Objects))
        {
            Assert.NotNull(_kube.Find(reference.Kind, reference.Namespace, reference.Name));
        }

        Assert.All(_kube.All().Where(o => (string?)o["metadata"]!["labels"]?["cluster.x-k8s.io/provider"] is not null), o =>
            Assert.Equal(string.Empty, (string?)o["metadata"]!["labels"]!["clusterctl.cluster.x-k8s.io"]));
        Assert.DoesNotContain(_kube.All(), o => o.ToJsonString().Contains("${", StringComparison.Ordinal));
        var health = await new ComponentInspector(_kube.Client()).InspectAsync(_timeout.Token);
        Assert.True(health.Healthy, health.Reason);
        Assert.Equal("v1.10.3", health.VersionOf(ProviderComponent.Nutanix));
        Assert.Equal((true, null), await installer.CertManagerStatusAsync(_timeout.Token));
        Assert.Null(_kube.Find("Namespace", null, "cert-manager-test"));

        foreach (var component in Enumerable.Reverse(_record))
        {
            await installer.UninstallAsync(component, _timeout.Token);
        }

        Assert.Equal(before, _kube.All().Count);
    }

    [Fact]
    public async Task A_failed_install_is_recorded_so_uninstall_removes_what_was_applied()
    {
        _kube.FailApply = (kind, name) => kind == "Deployment" && name == "capi-kubeadm-bootstrap-controller-manager" ? HttpStatusCode.UnprocessableEntity : null;
        var installer = new ComponentInstaller(_kube.Client());
        var ex = await Assert.ThrowsAsync<ComponentInstallException>(() => InstallAllAsync(installer, _timeout.Token));
        Assert.Contains("Deployment capi-kubeadm-bootstrap-system/capi-kubeadm-bootstrap-controller-manager", ex.Message, StringComparison.Ordinal);
        var partial = _record.Single(c => c.Name == "bootstrap-kubeadm");
        Assert.False(partial.Complete);
        Assert.NotNull(_kube.Find("Namespace", null, "capi-kubeadm-bootstrap-system"));

        foreach (var component in Enumerable.Reverse(_record))
        {
            await installer.UninstallAsync(component, _timeout.Token);
        }

        Assert.DoesNotContain(_kube.All(), o => (string?)o["metadata"]!["labels"]?["clusterctl.cluster.x-k8s.io"] is not null);
        Assert.Null(_kube.Find("Namespace", null, "capi-kubeadm-bootstrap-system"));
        Assert.Null(_kube.Find("Namespace", null, "cert-manager"));
    }

    [Fact]
    public async Task Upgrades_in_place_keeping_crds_and_removing_what_the_new_release_dropped()
    {
        // The older CAPX release had one more ConfigMap than the current one.
        File.AppendAllText(Path.Combine(_repository, "infrastructure-nutanix", "v1.10.2", "infrastructure-components.yaml"),
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: capx-dropped-later\n  namespace: capx-system\ndata:\n  a: b\n");
        var installer = new ComponentInstaller(_kube.Client());
        await installer.EnsureCertManagerAsync(ComponentManifest.LoadCertManager(_repository, null), "absent", Record, _timeout.Token);
        await installer.EnsureInventoryCrdAsync(Record, _timeout.Token);
        var old = Load(ProviderComponent.Nutanix, "v1.10.2");
        await installer.ApplyAsync(old, Record, _timeout.Token);
        await Record(new InstalledComponent(old.Name, old.Version, old.References, true));
        Assert.NotNull(_kube.Find("ConfigMap", "capx-system", "capx-dropped-later"));
        Assert.EndsWith(":v1.10.2", (string?)_kube.Find("Deployment", "capx-system", "capx-controller-manager")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"], StringComparison.Ordinal);

        await installer.UpgradeAsync(_record.Single(c => c.Name == "infrastructure-nutanix"), Load(ProviderComponent.Nutanix), Record, _timeout.Token);

        Assert.EndsWith(":v1.10.3", (string?)_kube.Find("Deployment", "capx-system", "capx-controller-manager")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"], StringComparison.Ordinal);
        Assert.Equal("v1.10.3", (string?)_kube.Find("Provider", "capx-system", "infrastructure-nutanix")!["version"]);
        Assert.Null(_kube.Find("ConfigMap", "capx-system", "capx-dropped-later"));
        Assert.NotNull(_kube.Find("CustomResourceDefinition", null, "nutanixclusters.infrastructure.cluster.x-k8s.io"));
        var record = _record.Single(c => c.Name == "infrastructure-nutanix");
        Assert.Equal(("v1.10.3", true), (record.Version, record.Complete));
        Assert.DoesNotContain(record.Objects, o => o.Name == "capx-dropped-later");
    }

    [Fact]
    public void Repository_lookup_picks_the_highest_version_or_the_pinned_one()
    {
        Assert.Equal("v1.10.3", ComponentManifest.Find(_repository, "infrastructure-nutanix", "infrastructure-components.yaml", null)!.Value.Version);
        Assert.Equal("v1.10.2", ComponentManifest.Find(_repository, "infrastructure-nutanix", "infrastructure-components.yaml", "v1.10.2")!.Value.Version);
        Assert.Null(ComponentManifest.Find(_repository, "infrastructure-nutanix", "infrastructure-components.yaml", "v9.9.9"));
        var ex = Assert.Throws<ComponentInstallException>(() => Load(ProviderComponent.Nutanix, "v9.9.9"));
        Assert.Equal("versions", ex.Attribute);
        Assert.Equal("v1.20.2", ComponentManifest.LoadCertManager(_repository, null)!.Version);
    }
}
