using TestSupport.Tools;

namespace Scenarios.Tests;

/// <summary>A gateway <c>gw-bad</c> with cloud account <c>gw-bad/pc</c>, applied once, for the bad-input cases to refer to.</summary>
public sealed class BadInputFixture : ScenarioFixture
{
    public const string Gateway = "gw-bad";
    public const string AccountId = "gw-bad/pc";

    private TerraformWorkspace? _base;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _base = CreateWorkspace();
        _base.Environment["TF_VAR_pc_password"] = Sim.Connection.Password;
        _base.WriteMainTf(ProviderBlock() + AccountHcl(Gateway));
        var apply = await _base.ApplyAsync();
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    public override async Task DisposeAsync()
    {
        if (_base is not null)
        {
            await _base.DestroyAsync();
            _base.Dispose();
        }

        await base.DisposeAsync();
    }
}

/// <summary>
/// The bad-input table: each case is one configuration that must fail at <c>terraform validate</c> (static checks)
/// or <c>terraform plan</c> (checks against the management cluster and Prism Central), with a diagnostic that points
/// at the offending attribute (terraform's "on main.tf line N" is the line of that attribute, or the detail names it)
/// and says how to fix it — and nothing may be created in the simulator.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    public enum Phase
    {
        Validate,
        Plan,
    }

    /// <param name="Id">Case name.</param>
    /// <param name="Phase">The first command that must fail.</param>
    /// <param name="Body">Resources/data sources (the marked line carries the bad value).</param>
    /// <param name="Marker">Text on the line the diagnostic must point at, or null when the detail names the attribute instead.</param>
    /// <param name="Expect">Substrings the one diagnostic must contain (attribute path, problem, fix).</param>
    /// <param name="ProviderExtra">Extra provider-block lines, or a full replacement of the provider block when it starts with "provider".</param>
    public sealed record Case(string Id, Phase Phase, string Body, string? Marker, string[] Expect, string ProviderExtra = "")
    {
        public override string ToString() => Id;
    }

    private const string Account = BadInputFixture.AccountId;

    private static string Cluster(string lines, string name = "demo", string endpoint = "10.10.100.10", string account = Account) => $$"""
        resource "nutanix_cluster" "c" {
          name                  = "{{name}}"
          cloud_account_id      = "{{account}}"
          kubernetes_version    = "v1.33.2"
          prism_element_cluster = "pe-cluster-a"
          subnets               = ["vlan-100-k8s"]
          image                 = "ubuntu-2204-kube-v1.33.2"
          control_plane = {
            endpoint_ip = "{{endpoint}}"
          }
        {{lines}}
        }
        """;

    /// <summary>A cluster whose <paramref name="attribute"/> line replaces the default one.</summary>
    private static string ClusterWith(string attribute, string line)
    {
        var body = Cluster("");
        var lines = body.Split('\n').ToList();
        var index = lines.FindIndex(l => l.TrimStart().StartsWith(attribute + " ", StringComparison.Ordinal));
        Assert.True(index >= 0, attribute);
        lines[index] = "  " + line;
        return string.Join('\n', lines);
    }

    private static string Account_(string lines) => $$"""
        resource "nutanix_cloud_account" "a" {
          name     = "acct"
          pcg_id   = "{{BadInputFixture.Gateway}}/{{BadInputFixture.Gateway}}"
          endpoint = "pc.example.com"
        {{lines}}
        }
        """;

    /// <summary>An Ed25519 public key as ssh-keygen 9 writes it.</summary>
    private const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG7P0S9M5NnJvsIeTRHysRnvNZcazSl2PPornTSeLJQj ops@example.com";

    /// <summary>"Billion laughs" as a YAML addon: nine levels of nine aliases, 10^9 strings once expanded.</summary>
    private static string BillionLaughs()
    {
        var sb = new System.Text.StringBuilder("        apiVersion: v1\n        kind: ConfigMap\n        lols:\n");
        sb.Append("          a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            sb.Append("          ").Append(level).Append(": &").Append(level).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        }

        return sb.ToString();
    }

    private const string Creds = "  username = \"admin\"\n  password_wo = \"not-a-real-password\"";

    public static TheoryData<Case> Cases()
    {
        var data = new TheoryData<Case>();
        foreach (var c in AllCases()) data.Add(c);
        return data;
    }

    private static List<Case> AllCases()
    {
        return new List<Case>
        {
            // ---- provider configuration --------------------------------------------------------------------------
            new("provider request_timeout not a duration", Phase.Validate, "", "request_timeout = \"soon\"",
                ["Attribute request_timeout", "\"soon\" is not a positive duration", "\"30s\""], "provider \"nutanix\" {\n  request_timeout = \"soon\"\n}\n"),
            new("provider prism_request_timeout negative", Phase.Validate, "", "prism_request_timeout = \"-5s\"",
                ["Attribute prism_request_timeout", "positive duration"], "provider \"nutanix\" {\n  prism_request_timeout = \"-5s\"\n}\n"),
            new("provider kubeconfig file missing", Phase.Plan,
                $"data \"nutanix_image\" \"i\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"ubuntu-2204-kube-v1.33.2\"\n}}\n", null,
                ["Management cluster kubeconfig not found", "/nonexistent/mgmt.kubeconfig (from kubeconfig_path)", "Set the provider's kubeconfig_path"],
                "provider \"nutanix\" {\n  kubeconfig_path = \"/nonexistent/mgmt.kubeconfig\"\n}\n"),
            new("provider kubeconfig without the context", Phase.Plan,
                $"data \"nutanix_image\" \"i\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"ubuntu-2204-kube-v1.33.2\"\n}}\n", null,
                ["Invalid management cluster kubeconfig", "kubeconfig_context \"no-such-context\"", "point kubeconfig_path / kubeconfig at a valid one"],
                "kubeconfig_context = \"no-such-context\""),
            new("provider inline kubeconfig malformed", Phase.Plan,
                $"data \"nutanix_image\" \"i\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"ubuntu-2204-kube-v1.33.2\"\n}}\n", null,
                ["Invalid management cluster kubeconfig", "the provider's kubeconfig attribute", "Fix the kubeconfig"],
                "provider \"nutanix\" {\n  kubeconfig = \"apiVersion: [unterminated\"\n}\n"),

            // ---- nutanix_pcg ----------------------------------------------------------------------------------------
            new("pcg name not RFC 1123", Phase.Validate, "resource \"nutanix_pcg\" \"g\" {\n  name = \"Prod_Gateway\"\n}\n", "name = \"Prod_Gateway\"",
                ["Attribute name", "\"Prod_Gateway\" is not a valid RFC 1123 name", "lower-case letters, digits and '-'"]),
            new("pcg name longer than 63", Phase.Validate, $"resource \"nutanix_pcg\" \"g\" {{\n  name = \"{new string('g', 64)}\"\n}}\n", "name = \"ggg",
                ["Attribute name", "at most 63"]),
            new("pcg namespace starts with a dash", Phase.Validate, "resource \"nutanix_pcg\" \"g\" {\n  name = \"gw\"\n  namespace = \"-ns\"\n}\n", "namespace = \"-ns\"",
                ["Attribute namespace", "\"-ns\" is not a valid RFC 1123 name"]),
            new("pcg install directory empty", Phase.Validate, "resource \"nutanix_pcg\" \"g\" {\n  name = \"gw\"\n  install = {\n    directory = \"\"\n  }\n}\n", "directory = \"\"",
                ["Attribute install.directory", "must not be empty"]),
            new("pcg zero create timeout", Phase.Validate, "resource \"nutanix_pcg\" \"g\" {\n  name = \"gw\"\n  timeouts = {\n    create = \"0s\"\n  }\n}\n", "create = \"0s\"",
                ["Attribute timeouts.create", "not a positive duration", "\"10m\""]),

            // ---- nutanix_cloud_account ------------------------------------------------------------------------------
            new("account name not RFC 1123", Phase.Validate, Account_(Creds).Replace("\"acct\"", "\"Bad_Name\"", StringComparison.Ordinal), "name     = \"Bad_Name\"",
                ["Attribute name", "\"Bad_Name\" is not a valid RFC 1123 name"]),
            new("account endpoint with scheme", Phase.Validate, Account_(Creds).Replace("\"pc.example.com\"", "\"https://pc.example.com\"", StringComparison.Ordinal), "endpoint = \"https://",
                ["Attribute endpoint", "has a scheme", "the port goes in port"]),
            new("account endpoint with port", Phase.Validate, Account_(Creds).Replace("\"pc.example.com\"", "\"10.0.0.10:9440\"", StringComparison.Ordinal), "endpoint = \"10.0.0.10:9440\"",
                ["Attribute endpoint", "put the port in the port attribute"]),
            new("account endpoint not a host", Phase.Validate, Account_(Creds).Replace("\"pc.example.com\"", "\"pc example com\"", StringComparison.Ordinal), "endpoint = \"pc example com\"",
                ["Attribute endpoint", "not a valid host name or IP address"]),
            new("account port zero", Phase.Validate, Account_(Creds + "\n  port = 0"), "port = 0",
                ["Attribute port", "port 0 is out of range", "1-65535"]),
            new("account malformed PEM", Phase.Validate, Account_(Creds + "\n  additional_trust_bundle = \"not a certificate\""), "additional_trust_bundle = \"not a certificate\"",
                ["Attribute additional_trust_bundle", "no PEM certificate found", "-----BEGIN CERTIFICATE-----"]),
            new("account PEM with a corrupt body", Phase.Validate, Account_(Creds + "\n  additional_trust_bundle = \"-----BEGIN CERTIFICATE-----\\nAAAA!!!!\\n-----END CERTIFICATE-----\\n\""), "additional_trust_bundle = \"-----BEGIN",
                ["Attribute additional_trust_bundle", "PEM"]),
            new("account api key and password", Phase.Validate, Account_(Creds + "\n  api_key_wo = \"k\""), "api_key_wo = \"k\"",
                ["Conflicting credentials", "either username + password_wo, or api_key_wo"]),
            new("account username without password", Phase.Validate, Account_("  username = \"admin\""), null,
                ["Missing password", "password_wo"]),
            new("account without credentials", Phase.Validate, Account_(""), null,
                ["Missing credentials", "Set username + password_wo, or api_key_wo"]),
            new("account unknown pcg_id", Phase.Plan, Account_(Creds).Replace($"\"{BadInputFixture.Gateway}/{BadInputFixture.Gateway}\"", "\"nowhere/none\"", StringComparison.Ordinal), "pcg_id   = \"nowhere/none\"",
                ["Unknown gateway", "No gateway with id \"nowhere/none\"", $"Existing gateways: {BadInputFixture.Gateway}/{BadInputFixture.Gateway}"]),

            // ---- nutanix_cluster: static ----------------------------------------------------------------------------
            new("cluster name not RFC 1123", Phase.Validate, Cluster("", name: "Demo_Cluster"), "name                  = \"Demo_Cluster\"",
                ["Attribute name", "lower-case RFC 1123 label", "got \"Demo_Cluster\""]),
            new("cluster kubernetes_version malformed", Phase.Validate, ClusterWith("kubernetes_version", "kubernetes_version = \"latest\""), "kubernetes_version = \"latest\"",
                ["Attribute kubernetes_version", "a version like v1.33.2", "\"latest\" is not a Kubernetes version"]),
            new("cluster endpoint_ip not an IP", Phase.Validate, Cluster("", endpoint: "10.10.100.300"), "endpoint_ip = \"10.10.100.300\"",
                ["Attribute control_plane.endpoint_ip", "\"10.10.100.300\" is not an IP address"]),
            new("cluster VIP inside the pod CIDR", Phase.Validate, Cluster("", endpoint: "172.20.3.4"), "endpoint_ip = \"172.20.3.4\"",
                ["Endpoint IP inside a cluster CIDR", "control_plane.endpoint_ip \"172.20.3.4\"", "network.pod_cidr 172.20.0.0/16", "outside the pod and service ranges"]),
            new("cluster VIP inside a custom service CIDR", Phase.Validate, Cluster("  network = {\n    service_cidr = \"10.10.100.0/24\"\n  }"), "endpoint_ip = \"10.10.100.10\"",
                ["Endpoint IP inside a cluster CIDR", "control_plane.endpoint_ip \"10.10.100.10\"", "network.service_cidr 10.10.100.0/24"]),
            new("cluster control plane replicas 2", Phase.Validate, Cluster("").Replace("    endpoint_ip = \"10.10.100.10\"", "    endpoint_ip = \"10.10.100.10\"\n    replicas = 2", StringComparison.Ordinal), "replicas = 2",
                ["Attribute control_plane.replicas", "1, 3 or 5", "got 2"]),
            new("cluster endpoint_port out of range", Phase.Validate, Cluster("").Replace("    endpoint_ip = \"10.10.100.10\"", "    endpoint_ip = \"10.10.100.10\"\n    endpoint_port = 70000", StringComparison.Ordinal), "endpoint_port = 70000",
                ["Attribute control_plane.endpoint_port", "between 1 and 65535", "got 70000"]),
            new("cluster malformed pod CIDR", Phase.Validate, Cluster("  network = {\n    pod_cidr = \"172.20.0.0/33\"\n  }"), "pod_cidr = \"172.20.0.0/33\"",
                ["Attribute network.pod_cidr", "a CIDR block such as 172.20.0.0/16", "\"172.20.0.0/33\" is not a CIDR block"]),
            new("cluster zero memory", Phase.Validate, Cluster("").Replace("    endpoint_ip = \"10.10.100.10\"", "    endpoint_ip = \"10.10.100.10\"\n    machine = {\n      memory = \"0\"\n    }", StringComparison.Ordinal), "memory = \"0\"",
                ["Attribute control_plane.machine.memory", "\"0\" is less than 2Gi"]),
            new("cluster malformed memory quantity", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      machine = {\n        memory = \"4 GB\"\n      }\n    }\n  }"), "memory = \"4 GB\"",
                ["Attribute worker_pools[\"general\"].machine.memory", "\"4 GB\" is not a quantity", "such as \"4Gi\""]),
            new("cluster negative system disk", Phase.Validate, Cluster("").Replace("    endpoint_ip = \"10.10.100.10\"", "    endpoint_ip = \"10.10.100.10\"\n    machine = {\n      system_disk = \"-40Gi\"\n    }", StringComparison.Ordinal), "system_disk = \"-40Gi\"",
                ["Attribute control_plane.machine.system_disk", "\"-40Gi\"", "at least 20Gi"]),
            new("cluster zero vcpu sockets", Phase.Validate, Cluster("").Replace("    endpoint_ip = \"10.10.100.10\"", "    endpoint_ip = \"10.10.100.10\"\n    machine = {\n      vcpu_sockets = 0\n    }", StringComparison.Ordinal), "vcpu_sockets = 0",
                ["Attribute control_plane.machine.vcpu_sockets", "between 1 and 128", "got 0"]),
            new("cluster negative worker replicas", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = -1\n    }\n  }"), "replicas = -1",
                ["Attribute worker_pools[\"general\"].replicas", "between 0 and 1000", "got -1"]),
            new("cluster zero-size data disk", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      machine = {\n        data_disks = [{\n          size = \"0\"\n        }]\n      }\n    }\n  }"), "size = \"0\"",
                ["Attribute worker_pools[\"general\"].machine.data_disks[0].size", "less than 1Mi"]),
            new("cluster worker pool name not RFC 1123", Phase.Validate, Cluster("  worker_pools = {\n    Big_Pool = {\n      replicas = 1\n    }\n  }"), null,
                ["Invalid worker pool name", "\"Big_Pool\" must be a lower-case DNS label"]),
            new("cluster taint effect unknown", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      taints = [{\n        key = \"a\"\n        effect = \"Sometimes\"\n      }]\n    }\n  }"), "effect = \"Sometimes\"",
                ["Attribute worker_pools[\"general\"].taints[0].effect", "NoSchedule"]),
            new("cluster image and image_lookup", Phase.Validate, Cluster("  image_lookup = {\n    base_os = \"ubuntu-22.04\"\n  }"), "image                 = \"ubuntu",
                ["Exactly one image source", "mutually exclusive"]),
            new("cluster create timeout malformed", Phase.Validate, Cluster("  timeouts = {\n    create = \"forever\"\n  }"), "create = \"forever\"",
                ["Attribute timeouts.create", "\"forever\" is not a positive duration"]),

            // ---- nutanix_cluster: hostile and sloppy input (issue 13, part 5) ----------------------------------------
            new("cluster endpoint_ip short form", Phase.Validate, Cluster("", endpoint: "10.10.100"), "endpoint_ip = \"10.10.100\"",
                ["Attribute control_plane.endpoint_ip", "\"10.10.100\" is not an IP address", "short forms such as \"10.40.0\" are not accepted"]),
            new("cluster endpoint_ip octal octet", Phase.Validate, Cluster("", endpoint: "10.010.100.10"), "endpoint_ip = \"10.010.100.10\"",
                ["Attribute control_plane.endpoint_ip", "leading zero", "write 10"]),
            new("cluster endpoint_ip IPv6 not canonical", Phase.Validate, Cluster("", endpoint: "2001:DB8:0:0:0:0:0:10"), "endpoint_ip = \"2001:DB8",
                ["Attribute control_plane.endpoint_ip", "write it as \"2001:db8::10\""]),
            new("cluster pod CIDR with host bits", Phase.Validate, Cluster("  network = {\n    pod_cidr = \"172.20.1.0/16\"\n  }"), "pod_cidr = \"172.20.1.0/16\"",
                ["Attribute network.pod_cidr", "host bits set", "the network is \"172.20.0.0/16\""]),
            new("cluster ssh key spanning two lines", Phase.Validate, Cluster($"  ssh_authorized_keys = [\"{SshKey}\\nssh-ed25519 AAAA injected\"]"), "ssh_authorized_keys = [",
                ["Attribute ssh_authorized_keys[0]", "several lines", "chomp(file("]),
            new("cluster ssh key with authorized_keys options", Phase.Validate, Cluster($"  ssh_authorized_keys = [\"{SshKey}\", \"command=\\\"sh\\\" {SshKey}\"]"), "ssh_authorized_keys = [",
                ["Attribute ssh_authorized_keys[1]", "authorized_keys options"]),
            new("cluster ssh key not base64", Phase.Validate, Cluster("  ssh_authorized_keys = [\"ssh-ed25519 not*base64 me@example.com\"]"), "ssh_authorized_keys = [",
                ["Attribute ssh_authorized_keys[0]", "not valid base64"]),
            new("cluster node label key invalid", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      labels = {\n        \"-tier\" = \"web\"\n      }\n    }\n  }"), "\"-tier\" = \"web\"",
                ["Attribute worker_pools[\"general\"].labels[\"-tier\"]", "\"-tier\" is not a valid key"]),
            new("cluster node label value invalid", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      labels = {\n        tier = \"web frontend\"\n      }\n    }\n  }"), "tier = \"web frontend\"",
                ["Attribute worker_pools[\"general\"].labels[\"tier\"]", "\"web frontend\" is not a valid value"]),
            new("cluster taint key invalid", Phase.Validate, Cluster("  worker_pools = {\n    general = {\n      replicas = 1\n      taints = [{\n        key = \"gpu/nvidia/a100\"\n        effect = \"NoSchedule\"\n      }]\n    }\n  }"), "key = \"gpu/nvidia/a100\"",
                ["Attribute worker_pools[\"general\"].taints[0].key", "not a valid key"]),
            new("cluster taint value too long", Phase.Validate, Cluster($"  worker_pools = {{\n    general = {{\n      replicas = 1\n      taints = [{{\n        key = \"dedicated\"\n        value = \"{new string('v', 64)}\"\n        effect = \"NoSchedule\"\n      }}]\n    }}\n  }}"), "value = \"vvv",
                ["Attribute worker_pools[\"general\"].taints[0].value", "at most 63"]),
            new("cluster addon not YAML", Phase.Validate, Cluster("  addons = {\n    cni = {\n      manifests = sensitive(\"apiVersion: v1\\nkind: [s3cret-token\\n\")\n    }\n  }"), null,
                ["Attribute addons[\"cni\"].manifests", "not valid YAML", "at line"]),
            new("cluster addon alias bomb", Phase.Validate, Cluster("  addons = {\n    cni = {\n      manifests = <<-EOT\n" + BillionLaughs() + "      EOT\n    }\n  }"), null,
                ["Attribute addons[\"cni\"].manifests", "aliases expand to more than 100000 nodes"]),
            new("cluster addon nested too deep", Phase.Validate, Cluster("  addons = {\n    cni = {\n      manifests = \"apiVersion: v1\\nkind: ConfigMap\\ndata: " + new string('[', 100_000) + new string(']', 100_000) + "\"\n    }\n  }"), null,
                ["Attribute addons[\"cni\"].manifests", "nesting deeper than 128 levels"]),
            new("cluster addon over 1 MiB", Phase.Validate, Cluster("  addons = {\n    cni = {\n      manifests = \"apiVersion: v1\\nkind: ConfigMap\\ndata:\\n  k: " + new string('x', 1024 * 1024) + "\\n\"\n    }\n  }"), null,
                ["Attribute addons[\"cni\"].manifests", "a ConfigMap holds at most 1048576 bytes (1 MiB)"]),
            new("cluster addon document not an object", Phase.Validate, Cluster("  addons = {\n    cni = {\n      manifests = \"apiVersion: v1\\nkind: Namespace\\n---\\n- just\\n- a list\\n\"\n    }\n  }"), null,
                ["Attribute addons[\"cni\"].manifests", "document 2 of the manifests is not a Kubernetes object"]),
            new("account endpoint short IPv4", Phase.Validate, Account_(Creds).Replace("\"pc.example.com\"", "\"10.40.0\"", StringComparison.Ordinal), "endpoint = \"10.40.0\"",
                ["Attribute endpoint", "\"10.40.0\" is not an IP address", "short forms"]),
            new("account endpoint hex IPv4", Phase.Validate, Account_(Creds).Replace("\"pc.example.com\"", "\"0x0a.0.0.1\"", StringComparison.Ordinal), "endpoint = \"0x0a.0.0.1\"",
                ["Attribute endpoint", "\"0x0a.0.0.1\" is not an IP address"]),

            // ---- nutanix_cluster: against the management cluster and Prism Central ---------------------------------
            new("cluster unknown cloud_account_id", Phase.Plan, Cluster("", account: "gw-bad/nope"), "cloud_account_id      = \"gw-bad/nope\"",
                ["Cloud account not found", "no cloud account \"gw-bad/nope\"", "\"<namespace>/<name>\" of a nutanix_cloud_account"]),
            new("cluster pcg_id not the account's gateway", Phase.Plan, Cluster("  pcg_id = \"other/other\""), "pcg_id = \"other/other\"",
                ["Gateway does not match the cloud account", "omit pcg_id or use \"gw-bad/gw-bad\""]),
            new("cluster unknown PE cluster", Phase.Plan, ClusterWith("prism_element_cluster", "prism_element_cluster = \"no-such-pe\""), "prism_element_cluster = \"no-such-pe\"",
                ["Prism Element cluster not found", "no Prism Element cluster named \"no-such-pe\"", "known: \"pe-cluster-a\""]),
            new("cluster PE is Prism Central", Phase.Plan, ClusterWith("prism_element_cluster", "prism_element_cluster = \"sim-pc\""), "prism_element_cluster = \"sim-pc\"",
                ["Not a Prism Element cluster", "is Prism Central itself"]),
            new("cluster unknown subnet", Phase.Plan, ClusterWith("subnets", "subnets = [\"vlan-100-k8s\", \"no-such-subnet\"]"), "subnets = [",
                ["Subnet not found", "subnets[1]: no subnet named \"no-such-subnet\" on Prism Element cluster \"pe-cluster-a\""]),
            new("cluster subnet on another PE", Phase.Plan, ClusterWith("subnets", "subnets = [\"vlan-200-k8s\"]"), "subnets = [\"vlan-200-k8s\"]",
                ["Subnet not found", "subnets[0]", "\"pe-cluster-a\""]),
            new("cluster unknown image", Phase.Plan, ClusterWith("image", "image = \"no-such-image\""), "image = \"no-such-image\"",
                ["Image not found", "image: no image named \"no-such-image\""]),

            // ---- data sources -----------------------------------------------------------------------------------------
            new("subnet data source ambiguous name", Phase.Plan, $"data \"nutanix_subnet\" \"s\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"shared-infra\"\n}}\n", "name = \"shared-infra\"",
                ["Subnet name is ambiguous", "on cluster pe-cluster-a", "on cluster pe-cluster-b", "Set prism_element_cluster"]),
            new("subnet data source unknown name", Phase.Plan, $"data \"nutanix_subnet\" \"s\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"nope-net\"\n}}\n", "name = \"nope-net\"",
                ["subnet not found", "no subnet named \"nope-net\"", "Available: "]),
            new("subnet data source unknown PE scope", Phase.Plan, $"data \"nutanix_subnet\" \"s\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"shared-infra\"\n  prism_element_cluster = \"pe-zzz\"\n}}\n", "prism_element_cluster = \"pe-zzz\"",
                ["Prism Element cluster not found", "\"pe-zzz\"", "Available: pe-cluster-a"]),
            new("PE data source unknown name", Phase.Plan, $"data \"nutanix_prism_element_cluster\" \"p\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"pe-zzz\"\n}}\n", "name = \"pe-zzz\"",
                ["Prism Element cluster not found", "Available: pe-cluster-a"]),
            new("image data source unknown name", Phase.Plan, $"data \"nutanix_image\" \"i\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"no-such-image\"\n}}\n", "name = \"no-such-image\"",
                ["image not found", "no image named \"no-such-image\"", "ubuntu-2204-kube-v1.33.2"]),
            new("data source unknown cloud_account_id", Phase.Plan, "data \"nutanix_image\" \"i\" {\n  cloud_account_id = \"gw-bad/missing\"\n  name = \"x\"\n}\n", "cloud_account_id = \"gw-bad/missing\"",
                ["Unknown cloud account", "No cloud account with id \"gw-bad/missing\"", "<namespace>/<name>"]),
            new("data source empty name", Phase.Validate, $"data \"nutanix_image\" \"i\" {{\n  cloud_account_id = \"{Account}\"\n  name = \"\"\n}}\n", "name = \"\"",
                ["Attribute name", "must not be empty"]),
        };
    }

    [Fact]
    public void TheTableCoversEveryTypeWithAtLeastThirtyCases()
    {
        var ids = AllCases().Select(c => c.Id).ToList();
        Assert.True(ids.Count >= 30, $"{ids.Count} cases");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var prefix in new[] { "provider", "pcg", "account", "cluster", "data source" })
        {
            Assert.Contains(AllCases(), c => c.Id.StartsWith(prefix, StringComparison.Ordinal) || c.Id.Contains(" " + prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FailsBeforeAnythingIsCreated_WithADiagnosticAtTheAttribute(Case c)
    {
        using var ws = fixture.CreateWorkspace();
        var provider = c.ProviderExtra.StartsWith("provider", StringComparison.Ordinal) ? ScenarioFixture.RequiredProviders + c.ProviderExtra : fixture.ProviderBlock(c.ProviderExtra);
        var body = c.Body.Length > 0 ? c.Body : "resource \"nutanix_pcg\" \"g\" {\n  name = \"never-created\"\n}\n";
        var mainTf = provider + "\n" + body;
        ws.WriteMainTf(mainTf);
        var vmsBefore = (await fixture.VmNamesAsync()).Count;

        // Static problems fail validate; the rest must pass validate and fail plan.
        var validate = await ws.ValidateAsync();
        if (c.Phase == Phase.Validate)
        {
            Assert.True(validate.ExitCode == 1, $"validate should fail:\n{validate}");
            AssertDiagnostic(c, mainTf, validate.StandardError);
        }
        else
        {
            Assert.True(validate.ExitCode == 0, $"validate should pass:\n{validate}");
            var plan = await ws.PlanAsync();
            Assert.True(plan.ExitCode == 1, $"plan should fail:\n{plan}");
            AssertDiagnostic(c, mainTf, plan.StandardError);
        }

        Assert.False(File.Exists(Path.Combine(ws.Directory, "terraform.tfstate")) && File.ReadAllText(Path.Combine(ws.Directory, "terraform.tfstate")).Contains("\"instances\": [\n        {", StringComparison.Ordinal),
            "nothing may be recorded in state");
        Assert.DoesNotContain("never-created", string.Join(' ', await fixture.NamespacesAsync()), StringComparison.Ordinal);
        Assert.Equal(vmsBefore, (await fixture.VmNamesAsync()).Count);
    }

    private static void AssertDiagnostic(Case c, string mainTf, string output)
    {
        var errors = Hcl.Diagnostics(output).Where(d => d.StartsWith("Error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count > 0, $"no error diagnostic in:\n{output}");
        var matching = errors.Where(e => c.Expect.All(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        Assert.True(matching.Count > 0, $"no diagnostic contains all of [{string.Join(" | ", c.Expect)}]:\n{string.Join("\n---\n", errors)}");
        if (c.Marker is not null)
        {
            var lines = mainTf.Split('\n');
            var lineNumbers = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(c.Marker, StringComparison.Ordinal)).Select(i => i + 1).ToList();
            Assert.True(lineNumbers.Count == 1, $"marker '{c.Marker}' found {lineNumbers.Count} times");
            // Terraform resolves a top-level attribute to its line; for a path into a nested attribute it points at the
            // block, so there the detail must spell out the whole path ("Attribute control_plane.replicas: ...").
            var nestedPath = c.Expect.FirstOrDefault(x => (x.StartsWith("Attribute ", StringComparison.Ordinal) && (x.Contains('.', StringComparison.Ordinal) || x.Contains('[', StringComparison.Ordinal)))
                || x.StartsWith("control_plane.", StringComparison.Ordinal));
            Assert.True(matching.Any(e => e.Contains($"on main.tf line {lineNumbers[0]},", StringComparison.Ordinal)) || nestedPath is not null,
                $"the diagnostic does not point at line {lineNumbers[0]} ({c.Marker}):\n{string.Join("\n---\n", matching)}");
        }
    }
}
