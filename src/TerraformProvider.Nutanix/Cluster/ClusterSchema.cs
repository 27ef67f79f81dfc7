using System.Net;
using Nutanix.Capi.Model;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;
using Attr = Terraform.Plugin.Schemas.Attribute;

namespace TerraformProvider.Nutanix.Cluster;

/// <summary>The schema of <c>nutanix_cluster</c> and the object types its values are built with.</summary>
internal static class ClusterSchema
{
    public const string DefaultMemory = "4Gi";
    public const string DefaultSystemDisk = "40Gi";
    public const string DefaultKubeVipImage = "ghcr.io/kube-vip/kube-vip:v0.9.2";
    public const string DefaultPodCidr = "172.20.0.0/16";
    public const string DefaultServiceCidr = "172.19.0.0/16";
    public const string DefaultServiceDomain = "cluster.local";
    public const string DefaultWaitFor = "ready";

    public static readonly ListNestedAttribute DataDisks = new()
    {
        Optional = true,
        MarkdownDescription = "Additional VM disks (CAPX `dataDisks`), attached after the system disk. Changing the list creates a new NutanixMachineTemplate and rolls the nodes.",
        Attributes = new Dictionary<string, Attr>
        {
            ["size"] = new StringAttribute { Required = true, MarkdownDescription = "Disk size as a Kubernetes quantity, e.g. `100Gi` (binary units `Mi`, `Gi`, `Ti`; at least `1Mi`).", Validators = [QuantityAtLeast("1Mi")] },
            ["device_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("Disk"), MarkdownDescription = "Device type: `Disk` (default) or `CDRom`.", Validators = [Validators.StringOneOf("Disk", "CDRom")] },
            ["adapter_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("SCSI"), MarkdownDescription = "Bus the disk is attached to: `SCSI` (default), `IDE`, `PCI`, `SATA` or `SPAPR`.", Validators = [Validators.StringOneOf("SCSI", "IDE", "PCI", "SATA", "SPAPR")] },
            ["device_index"] = new Int64Attribute { Optional = true, MarkdownDescription = "Index of the disk on its adapter, 0–255 (CAPX `deviceIndex`; CAPX defaults it to `0`). CAPX reserves `Disk.SCSI.0` and `CDRom.IDE.0` for the VM itself, so SCSI disks and IDE CD-ROMs start at `1`.", Validators = [Validators.Int64Between(0, 255)] },
            ["disk_mode"] = new StringAttribute { Optional = true, MarkdownDescription = "Storage disk mode: `Standard` or `Flash` (pins the disk to the SSD tier). Omitted: `Standard` (CAPX default).", Validators = [Validators.StringOneOf("Standard", "Flash")] },
            ["storage_container"] = new StringAttribute { Optional = true, MarkdownDescription = "Storage container (name or UUID) that holds the disk. Omitted: the Prism Element cluster's default container." },
            ["data_source"] = new StringAttribute { Optional = true, MarkdownDescription = "Image (name or UUID) whose content the disk is cloned from. Omitted: an empty disk." },
        },
    };

    public static readonly SingleNestedAttribute Machine = NewMachine();

    public static readonly SingleNestedAttribute ControlPlane = new()
    {
        Required = true,
        MarkdownDescription = "The control plane: a KubeadmControlPlane behind a kube-vip virtual IP.",
        Attributes = new Dictionary<string, Attr>
        {
            ["endpoint_ip"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "The control-plane virtual IP announced by kube-vip; a free address in the node subnet. Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [InputChecks.IpAddress],
            },
            ["endpoint_port"] = new Int64Attribute
            {
                Optional = true, Computed = true, Default = CtyValue.Number(6443),
                MarkdownDescription = "API server port on the virtual IP. Defaults to `6443`.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.Int64Between(1, 65535)],
            },
            ["replicas"] = new Int64Attribute
            {
                Optional = true, Computed = true, Default = CtyValue.Number(1),
                MarkdownDescription = "Control-plane nodes: 1, 3 or 5 (an odd number keeps etcd quorum). Defaults to `1`. Changing it scales the KubeadmControlPlane in place.",
                Validators = [Validators.Custom("1, 3 or 5", v => v.AsNumber().TryGetInt64(out var n) && n is 1 or 3 or 5 ? null : $"got {v.AsNumber()}")],
            },
            ["machine"] = Machine,
        },
    };

    public static readonly ListNestedAttribute Taints = new()
    {
        Optional = true,
        MarkdownDescription = "Taints registered on the pool's nodes when they join (kubeadm `nodeRegistration.taints`). Changing them creates a new KubeadmConfigTemplate and rolls the pool's nodes.",
        Attributes = new Dictionary<string, Attr>
        {
            ["key"] = new StringAttribute { Required = true, MarkdownDescription = "Taint key, e.g. `dedicated` or `example.com/gpu`.", Validators = [InputChecks.TaintKey] },
            ["value"] = new StringAttribute { Optional = true, MarkdownDescription = "Taint value (optional; omitted or empty means a taint without a value).", Validators = [InputChecks.TaintValue] },
            ["effect"] = new StringAttribute { Required = true, MarkdownDescription = "`NoSchedule`, `PreferNoSchedule` or `NoExecute`.", Validators = [Validators.StringOneOf("NoSchedule", "PreferNoSchedule", "NoExecute")] },
        },
    };

    public static readonly SingleNestedAttribute Autoscaling = new()
    {
        Optional = true,
        MarkdownDescription = "Let the Cluster API cluster autoscaler (deployed by you, with the `clusterapi` cloud provider) size the pool between `min` and `max`: rendered as the MachineDeployment annotations `cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size` and `-max-size`, without `spec.replicas`, so applies and refreshes never fight the autoscaler over the count (leave `replicas` unset; Cluster API starts the pool at `min`). Changing the bounds updates the annotations in place.",
        Attributes = new Dictionary<string, Attr>
        {
            ["min"] = new Int64Attribute { Required = true, MarkdownDescription = "Fewest nodes, 0–1000 (at most `max`).", Validators = [Validators.Int64Between(0, 1000)] },
            ["max"] = new Int64Attribute { Required = true, MarkdownDescription = "Most nodes, 0–1000 (at least `min`).", Validators = [Validators.Int64Between(0, 1000)] },
        },
    };

    public static readonly ListNestedAttribute UnhealthyNodeConditions = new()
    {
        Optional = true,
        Computed = true,
        MarkdownDescription = "Node conditions that make a machine unhealthy once they have lasted `timeout` (Cluster API `checks.unhealthyNodeConditions`). Defaults to the CAPX template's: `Ready` `False` or `Unknown`, and `MemoryPressure`, `DiskPressure`, `PIDPressure`, `NetworkUnavailable` `True`, each for `300s`.",
        Attributes = new Dictionary<string, Attr>
        {
            ["type"] = new StringAttribute { Required = true, MarkdownDescription = "Node condition type, e.g. `Ready`." },
            ["status"] = new StringAttribute { Required = true, MarkdownDescription = "`True`, `False` or `Unknown`.", Validators = [Validators.StringOneOf("True", "False", "Unknown")] },
            ["timeout"] = new StringAttribute { Required = true, MarkdownDescription = "How long the condition must last, e.g. `300s` or `5m` (Cluster API `timeoutSeconds`).", Validators = [DurationValidator(allowZero: true)] },
        },
    };

    public static readonly SingleNestedAttribute MachineHealthCheck = WithDefault(
        "The cluster's MachineHealthCheck (`<cluster>-mhc`, over every machine of the cluster): Cluster API replaces a machine whose node shows one of `unhealthy_node_conditions` for its timeout, or that has no node after `node_startup_timeout`, as long as no more than `max_unhealthy` machines are unhealthy. Changes apply in place.",
        new Dictionary<string, Attr>
        {
            ["enabled"] = new BoolAttribute { Optional = true, Computed = true, Default = CtyValue.Bool(true), MarkdownDescription = "Render the MachineHealthCheck. Defaults to `true`; `false` deletes it and nothing is remediated." },
            ["max_unhealthy"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(MachineHealthCheckSpec.Default.MaxUnhealthy), MarkdownDescription = $"Remediate only while at most this many machines are unhealthy: a count (`2`) or a percentage (`40%`) (Cluster API `remediation.triggerIf.unhealthyLessThanOrEqualTo`). Defaults to `{MachineHealthCheckSpec.Default.MaxUnhealthy}`." },
            ["node_startup_timeout"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(MachineHealthCheckSpec.Default.NodeStartupTimeout!), MarkdownDescription = $"How long a machine may go without a node before it is unhealthy, e.g. `10m` (Cluster API `checks.nodeStartupTimeoutSeconds`). Defaults to `{MachineHealthCheckSpec.Default.NodeStartupTimeout}`.", Validators = [DurationValidator(allowZero: true)] },
            ["unhealthy_node_conditions"] = UnhealthyNodeConditions,
        },
        new Dictionary<string, CtyValue> { ["unhealthy_node_conditions"] = DefaultConditions() },
        []);

    public static readonly MapNestedAttribute WorkerPools = new()
    {
        Optional = true,
        MarkdownDescription = "Worker node pools keyed by pool name (a DNS label); each is a CAPI MachineDeployment named `<cluster>-<pool>`. Adding or removing a pool updates the cluster in place (a removed pool's MachineDeployment and its nodes are deleted).",
        Attributes = new Dictionary<string, Attr>
        {
            ["replicas"] = new Int64Attribute { Optional = true, MarkdownDescription = "Number of worker nodes in the pool, 0–1000; required unless `autoscaling` is set, and not allowed with it. Changing it scales the MachineDeployment in place (no other node is replaced).", Validators = [Validators.Int64Between(0, 1000)] },
            ["autoscaling"] = Autoscaling,
            ["machine"] = Machine,
            ["labels"] = new MapAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "Labels of the pool's nodes. Labels under `node-role.kubernetes.io/`, `node-restriction.kubernetes.io/` and `node.cluster.x-k8s.io/` are synced by Cluster API from the Machine (changing them updates the nodes in place); any other label is set by the kubelet (`--node-labels`) when the node joins, so changing it rolls the pool's nodes. Other `kubernetes.io`/`k8s.io` labels, which the kubelet may not set, are rejected at plan time.", Validators = [InputChecks.Labels] },
            ["taints"] = Taints,
        },
    };

    public static readonly SingleNestedAttribute Network = WithDefault(
        "Cluster networking. Changing any of it replaces the cluster.",
        new Dictionary<string, Attr>
        {
            ["pod_cidr"] = new StringAttribute { Optional = true, Computed = true, MarkdownDescription = $"CIDR block of pod IPs (CAPI `clusterNetwork.pods`). Defaults to `{DefaultPodCidr}`. Changing it replaces the cluster.", Default = CtyValue.String(DefaultPodCidr), PlanModifiers = [PlanModifiers.RequiresReplace()], Validators = [Cidr()] },
            ["service_cidr"] = new StringAttribute { Optional = true, Computed = true, MarkdownDescription = $"CIDR block of Service cluster IPs (CAPI `clusterNetwork.services`). Defaults to `{DefaultServiceCidr}`. Changing it replaces the cluster.", Default = CtyValue.String(DefaultServiceCidr), PlanModifiers = [PlanModifiers.RequiresReplace()], Validators = [Cidr()] },
            ["service_domain"] = new StringAttribute { Optional = true, Computed = true, MarkdownDescription = $"DNS domain of Services (CAPI `clusterNetwork.serviceDomain`). Defaults to `{DefaultServiceDomain}`. Changing it replaces the cluster.", Default = CtyValue.String(DefaultServiceDomain), PlanModifiers = [PlanModifiers.RequiresReplace()] },
        },
        [],
        [PlanModifiers.RequiresReplace()]);

    public static readonly SingleNestedAttribute KubeVip = WithDefault(
        "The kube-vip static pod that announces the control-plane virtual IP (`control_plane.endpoint_ip`), written to every control-plane node by kubeadm. Changing it rolls the control-plane nodes one at a time.",
        new Dictionary<string, Attr>
        {
            ["image"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultKubeVipImage), MarkdownDescription = $"kube-vip container image; point it at a mirror for air-gapped sites. Defaults to `{DefaultKubeVipImage}`." },
            ["services"] = new BoolAttribute { Optional = true, Computed = true, Default = CtyValue.Bool(false), MarkdownDescription = "Also let kube-vip serve Services of type `LoadBalancer` (sets kube-vip's `svc_enable`, `lb_enable` and `enableServicesElection`). Defaults to `false`." },
        },
        [],
        []);

    public static readonly SingleNestedAttribute Ccm = WithDefault(
        "The Nutanix cloud controller manager (CCM), delivered to the workload cluster by a ClusterResourceSet as CAPX's cluster template does: its RBAC, the `kube-system/nutanix-config` settings (Prism Central address, port and TLS mode of the cloud account, topology discovery from Prism, the control-plane virtual IP ignored as a node address), a copy of the account's credentials as `kube-system/nutanix-creds` (kept in step when the account's credentials rotate), and a Deployment on the control-plane nodes. The kubelets run with `--cloud-provider=external`, so every node registers with the `node.cloudprovider.kubernetes.io/uninitialized:NoSchedule` taint and no provider ID until a CCM initializes it. What it does and what happens without it: [docs/ccm.md](../ccm.md).",
        new Dictionary<string, Attr>
        {
            ["enabled"] = new BoolAttribute { Optional = true, Computed = true, Default = CtyValue.Bool(true), MarkdownDescription = "Install the Nutanix CCM. Defaults to `true`. With `false` no CCM is installed: nodes keep the uninitialized taint (ordinary pods do not schedule) and get no provider ID, so Cluster API cannot match Machines to Nodes (no `nodeRef`; Machines stay `Provisioned`, the control plane does not grow past its first machine) unless you install another cloud controller manager, e.g. through `addons`; create and update then wait only until the control plane is initialized. Turning it off later removes the ClusterResourceSet and its objects from the management cluster but not the CCM already running in the workload cluster." },
            ["image"] = new StringAttribute { Optional = true, MarkdownDescription = $"CCM container image, e.g. a mirror for air-gapped sites. Omitted: `{CcmReleases.Repository}` at the release built for the cluster's Kubernetes minor (1.30: v0.4.1, 1.31: v0.5.0, 1.32: v0.5.1, 1.33: v0.5.3, 1.34: v0.6.3, 1.35: v0.7.0); for other minors it is required. Changing it (or `kubernetes_version` to another minor) updates the CCM Deployment in place." },
        },
        [],
        []);

    public static readonly MapNestedAttribute Addons = new()
    {
        Optional = true,
        MarkdownDescription = "Addon manifests (e.g. a CNI or the Nutanix CCM) keyed by addon name, delivered to the workload cluster by ClusterResourceSets.",
        Validators = [InputChecks.AddonManifests],
        Attributes = new Dictionary<string, Attr>
        {
            ["manifests"] = new StringAttribute { Required = true, MarkdownDescription = "Multi-document YAML to apply to the workload cluster, stored in a ConfigMap `<cluster>-addon-<name>` on the management cluster. Changing it updates the ConfigMap in place; whether the workload cluster sees the change depends on `strategy`." },
            ["strategy"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("ApplyOnce"), MarkdownDescription = "ClusterResourceSet strategy: `ApplyOnce` (default) applies the manifests once and never again, even when they change; `Reconcile` re-applies them whenever they change (objects removed from the YAML are not deleted). Cluster API does not allow changing the strategy of a ClusterResourceSet, so changing it replaces the addon's ClusterResourceSet: apply deletes it, waits until Cluster API has released it and creates it with the new strategy (the plan warns about this; the ConfigMap is kept). The new set applies the manifests again: with `Reconcile` it updates the objects already in the workload cluster, with `ApplyOnce` it leaves existing objects as they are and creates missing ones.", Validators = [Validators.StringOneOf("ApplyOnce", "Reconcile")] },
        },
    };

    public static readonly SingleNestedAttribute ImageLookup = new()
    {
        Optional = true,
        MarkdownDescription = "Find the node image by base OS and Kubernetes version instead of naming it (CAPX `imageLookup`: CAPX searches Prism Central for an image whose name matches `format` when it creates each VM). Exactly one of `image` and `image_lookup`. Changing it creates new NutanixMachineTemplates and rolls the nodes.",
        Attributes = new Dictionary<string, Attr>
        {
            ["base_os"] = new StringAttribute { Required = true, MarkdownDescription = "Base OS part of the image name, e.g. `ubuntu-22.04` or `rockylinux-9`; substituted for `{{.BaseOS}}` in `format`." },
            ["format"] = new StringAttribute { Optional = true, MarkdownDescription = "Image name pattern, a Go template over `{{.BaseOS}}` (`base_os`) and `{{.K8sVersion}}` (the Machine's Kubernetes version without the leading `v`, e.g. `1.33.2`). Omitted: CAPX's default `capx-{{.BaseOS}}-{{.K8sVersion}}-*`." },
        },
    };

    public static readonly SingleNestedAttribute Timeouts = new()
    {
        Optional = true,
        MarkdownDescription = "Operation timeouts as durations (`60m`, `1h30m`). Defaults: create 60m, update 60m, delete 30m.",
        Attributes = new Dictionary<string, Attr>
        {
            ["create"] = new StringAttribute { Optional = true, MarkdownDescription = "How long create waits for the cluster to reach `wait_for`, e.g. `90m`. Defaults to `60m`. On timeout the applied objects stay in state and the resource is tainted.", Validators = [DurationValidator()] },
            ["update"] = new StringAttribute { Optional = true, MarkdownDescription = "How long an update (including a Kubernetes upgrade or a node roll) waits for the cluster to reach `wait_for`. Defaults to `60m`.", Validators = [DurationValidator()] },
            ["delete"] = new StringAttribute { Optional = true, MarkdownDescription = "How long destroy waits for the Cluster and its VMs to be deleted. Defaults to `30m`.", Validators = [DurationValidator()] },
        },
    };

    public static readonly ListNestedAttribute Nodes = new()
    {
        Computed = true,
        MarkdownDescription = "The cluster's CAPI Machines (one per node VM), control plane first, then by pool and name; refreshed on every read.",
        Attributes = new Dictionary<string, Attr>
        {
            ["name"] = new StringAttribute { Computed = true, MarkdownDescription = "Machine name (also the VM and node host name)." },
            ["role"] = new StringAttribute { Computed = true, MarkdownDescription = "`control-plane` or `worker:<pool>`." },
            ["vm_uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "UUID of the AHV VM in Prism Central (from the NutanixMachine status or the Machine's `nutanix://` provider ID); null until the VM exists." },
            ["ip"] = new StringAttribute { Computed = true, MarkdownDescription = "First `InternalIP` address reported for the Machine; null until the VM has one." },
            ["phase"] = new StringAttribute { Computed = true, MarkdownDescription = "CAPI Machine phase: `Pending`, `Provisioning`, `Provisioned`, `Running`, `Deleting`, `Deleted`, `Failed` or `Unknown`." },
            ["initialized"] = new BoolAttribute { Computed = true, MarkdownDescription = "Whether the node was initialized by a cloud controller manager: Cluster API found the Node by the provider ID the CCM sets (the Machine has a `nodeRef`), and the CCM removed the `node.cloudprovider.kubernetes.io/uninitialized` taint. `false` while the node boots, and for good when no CCM runs (`ccm.enabled = false` without another one)." },
        },
    };

    public static readonly Schema Schema = new()
    {
        Version = 0,
        MarkdownDescription = "A Kubernetes cluster on Nutanix AHV managed by Cluster API (CAPX) through a private cloud gateway.",
        Attributes = new Dictionary<string, Attr>
        {
            ["id"] = new StringAttribute { Computed = true, MarkdownDescription = "`<namespace>/<name>`.", PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["name"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Cluster name (a DNS label). Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.Custom("a lower-case RFC 1123 label of at most 63 characters", v => global::Kubernetes.Machinery.Schema.ObjectMetaValidation.IsDnsLabel(v.AsString()) ? null : $"got \"{v.AsString()}\"")],
            },
            ["cloud_account_id"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "The `nutanix_cloud_account` (`<namespace>/<name>`) whose Prism Central hosts the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplaceIf(r => !r.StateValue.IsNull, "changing the account of an existing cluster replaces it")],
            },
            ["pcg_id"] = new StringAttribute
            {
                Optional = true,
                Computed = true,
                MarkdownDescription = "The private cloud gateway (`<namespace>/<name>`); defaults to the account's gateway.",
                PlanModifiers = [PlanModifiers.UseStateForUnknown(), PlanModifiers.RequiresReplaceIf(r => !r.StateValue.IsNull, "changing the gateway replaces the cluster")],
            },
            ["kubernetes_version"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Kubernetes version, e.g. `v1.33.2`. Changing it upgrades in place (control plane first, then workers).",
                Validators = [Validators.Custom("a version like v1.33.2", v => TryVersion(v.AsString()) ? null : $"\"{v.AsString()}\" is not a Kubernetes version")],
            },
            ["prism_element_cluster"] = new StringAttribute
            {
                Required = true,
                MarkdownDescription = "Prism Element cluster (name or UUID) hosting the VMs. Changing it replaces the cluster.",
                PlanModifiers = [PlanModifiers.RequiresReplace()],
            },
            ["subnets"] = new ListAttribute { Required = true, ElementType = CtyType.String, MarkdownDescription = "Subnets (names or UUIDs) of the node NICs; the first is the primary. Checked against Prism Central at plan time. Changing them creates new NutanixMachineTemplates and rolls the nodes." },
            ["image"] = new StringAttribute { Optional = true, MarkdownDescription = "Node image (name or UUID), a CAPX-ready image for `kubernetes_version`. Exactly one of `image` and `image_lookup`. Checked against Prism Central at plan time. Changing it creates new NutanixMachineTemplates and rolls the nodes." },
            ["image_lookup"] = ImageLookup,
            ["control_plane"] = ControlPlane,
            ["worker_pools"] = WorkerPools,
            ["network"] = Network,
            ["ssh_authorized_keys"] = new ListAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "SSH public keys for the `capiuser` account on every node, one OpenSSH public key line (`<type> <base64 key> [comment]`, as in `~/.ssh/id_ed25519.pub`) per element; multi-line entries and `authorized_keys` options are refused. Changing them rolls all nodes (the keys are part of the kubeadm bootstrap configuration).", Validators = [InputChecks.SshAuthorizedKeys] },
            ["kube_vip"] = KubeVip,
            ["machine_health_check"] = MachineHealthCheck,
            ["addons"] = Addons,
            ["ccm"] = Ccm,
            ["wait_for"] = new StringAttribute
            {
                Optional = true, Computed = true, Default = CtyValue.String(DefaultWaitFor),
                MarkdownDescription = "What create/update wait for: `none`, `control_plane` or `ready` (default).",
                Validators = [Validators.StringOneOf("none", "control_plane", "ready")],
            },
            ["timeouts"] = Timeouts,
            ["phase"] = new StringAttribute { Computed = true, MarkdownDescription = "CAPI phase of the Cluster: `Pending`, `Provisioning`, `Provisioned`, `Deleting`, `Failed` or `Unknown`; `Provisioned` once the infrastructure is ready and the control-plane endpoint is set." },
            ["control_plane_ready"] = new BoolAttribute { Computed = true, MarkdownDescription = "Whether the KubeadmControlPlane is initialized and all its desired replicas are ready." },
            ["infrastructure_ready"] = new BoolAttribute { Computed = true, MarkdownDescription = "Whether CAPX reports the NutanixCluster (the cluster-level infrastructure) as provisioned." },
            ["nodes"] = Nodes,
            ["kubeconfig"] = new StringAttribute { Computed = true, Sensitive = true, MarkdownDescription = "Admin kubeconfig of the workload cluster (null until the control plane is initialized, and always null with `kubeconfig_in_state = false`). It is written to the state in clear text (sensitive only hides it from plan output): prefer the `nutanix_cluster_kubeconfig` ephemeral resource." },
            ["kubeconfig_in_state"] = new BoolAttribute
            {
                Optional = true, Computed = true, Default = CtyValue.Bool(true),
                MarkdownDescription = "Whether the `kubeconfig` attribute holds the admin kubeconfig, and so the state and plan files too. Defaults to `true` (as before this option existed). " +
                    "Set `false` to keep that credential out of state and plan files: `kubeconfig` is then null (in the plan too), and the `nutanix_cluster_kubeconfig` ephemeral resource (Terraform 1.10+) reads the kubeconfig when it is needed. " +
                    "Changing it touches nothing on the management cluster; setting it to `false` on an existing cluster removes the kubeconfig from the state on the next apply.",
            },
            ["manifests"] = new StringAttribute
            {
                Computed = true,
                MarkdownDescription = "The objects this resource applies to the management cluster (Cluster, NutanixCluster, KubeadmControlPlane, templates, MachineDeployments, MachineHealthChecks, addon ConfigMaps and ClusterResourceSets, the Nutanix CCM's ConfigMap, resource-set Secret and ClusterResourceSet) as multi-document YAML, with the Prism credentials Secrets redacted and each addon ConfigMap's content replaced by its size and SHA-256 digest (addons may be sensitive; their content is in `addons`). Computed at plan time, so the plan shows exactly what changes.",
            },
        },
    };

    public static ObjectType Type => Schema.ImpliedType;

    private static SingleNestedAttribute NewMachine()
    {
        var attributes = new Dictionary<string, Attr>
        {
            ["vcpu_sockets"] = new Int64Attribute { Optional = true, Computed = true, Default = CtyValue.Number(2), MarkdownDescription = "Virtual CPU sockets per VM, 1–128. Defaults to `2`. The VM has `vcpu_sockets × vcpus_per_socket` vCPUs.", Validators = [Validators.Int64Between(1, 128)] },
            ["vcpus_per_socket"] = new Int64Attribute { Optional = true, Computed = true, Default = CtyValue.Number(1), MarkdownDescription = "vCPU cores per socket, 1–128. Defaults to `1`.", Validators = [Validators.Int64Between(1, 128)] },
            ["memory"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultMemory), Validators = [QuantityAtLeast("2Gi")], MarkdownDescription = "VM memory as a Kubernetes quantity, e.g. `8Gi` (at least `2Gi`). Defaults to `4Gi`." },
            ["system_disk"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String(DefaultSystemDisk), Validators = [QuantityAtLeast("20Gi")], MarkdownDescription = "Size of the system disk (cloned from the node image), e.g. `80Gi` (at least `20Gi`). Defaults to `40Gi`." },
            ["boot_type"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("legacy"), MarkdownDescription = "VM firmware: `legacy` (BIOS, default) or `uefi`; must match how the node image was built.", Validators = [Validators.StringOneOf("legacy", "uefi")] },
            ["project"] = new StringAttribute { Optional = true, MarkdownDescription = "Prism Central project (name or UUID)." },
            ["categories"] = new MapAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "Prism categories (key = value) for the VMs; they must exist." },
            ["data_disks"] = DataDisks,
            ["gpus"] = new ListAttribute { Optional = true, ElementType = CtyType.String, MarkdownDescription = "GPUs passed through to each VM: an all-digit entry is a PCI device ID, anything else a GPU name as Prism Central shows it." },
        };
        var shape = new SingleNestedAttribute { Optional = true, Attributes = attributes };
        return new SingleNestedAttribute
        {
            Optional = true,
            Computed = true,
            MarkdownDescription = "VM shape. Changing it creates a new NutanixMachineTemplate and rolls the nodes.",
            Attributes = attributes,
            Default = Cty.DefaultsOf(shape.ObjectType, attributes),
        };
    }

    /// <summary>
    /// An optional object whose default is its attributes' own defaults (each declared once, on its attribute), plus
    /// <paramref name="extraDefaults"/> for attributes that have none of their own.
    /// </summary>
    private static SingleNestedAttribute WithDefault(string description, Dictionary<string, Attr> attributes, Dictionary<string, CtyValue> extraDefaults, IReadOnlyList<IPlanModifier> modifiers)
    {
        var shape = new SingleNestedAttribute { Optional = true, Attributes = attributes };
        return new SingleNestedAttribute
        {
            Optional = true,
            Computed = true,
            MarkdownDescription = description,
            Attributes = attributes,
            Default = Cty.DefaultsOf(shape.ObjectType, attributes, extraDefaults),
            PlanModifiers = modifiers,
        };
    }

    public static bool TryVersion(string text)
    {
        try
        {
            KubernetesVersion.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IValidator QuantityAtLeast(string min) => Validators.Custom(
        $"a quantity such as \"4Gi\" of at least {min}",
        v => !Quantity.TryParse(v.AsString(), out var q) ? $"\"{v.AsString()}\" is not a quantity"
            : q < Quantity.Parse(min) ? $"\"{v.AsString()}\" is less than {min}" : null);

    private static IValidator Cidr() => InputChecks.Cidr;

    private static IValidator DurationValidator(bool allowZero = false) => Validators.Custom(
        allowZero ? "a duration such as \"300s\" or \"10m\"" : "a positive duration such as \"60m\" or \"1h30m\"",
        v => Duration.TryParse(v.AsString(), out var d) && (d > TimeSpan.Zero || (allowZero && d == TimeSpan.Zero)) ? null : $"\"{v.AsString()}\" is not a {(allowZero ? "" : "positive ")}duration");

    private static CtyValue DefaultConditions() => CtyValue.List(UnhealthyNodeConditions.ObjectType, MachineHealthCheckSpec.Default.UnhealthyNodeConditions.Select(c =>
        Cty.Object(UnhealthyNodeConditions.ObjectType, new Dictionary<string, CtyValue>
        {
            ["type"] = CtyValue.String(c.Type),
            ["status"] = CtyValue.String(c.Status),
            ["timeout"] = CtyValue.String(c.Timeout),
        })));
}
