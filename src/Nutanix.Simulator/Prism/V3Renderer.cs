using System.Globalization;
using System.Text.Json.Nodes;
using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Prism;

/// <summary>Renders inventory entities in the Prism Central v3 intent shape: <c>{metadata, spec, status}</c>.</summary>
public static class V3Renderer
{
    public const string ApiVersion = "3.1";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Reference(string kind, string uuid, string? name = null)
    {
        var o = new JsonObject { ["kind"] = kind, ["uuid"] = uuid };
        if (name is not null) o["name"] = name;
        return o;
    }

    private static JsonObject Metadata(string kind, string uuid, DateTimeOffset created, DateTimeOffset updated, long specVersion,
        IReadOnlyDictionary<string, string>? categories = null)
    {
        var cats = new JsonObject();
        var mapping = new JsonObject();
        foreach (var (k, v) in categories ?? new Dictionary<string, string>())
        {
            cats[k] = v;
            mapping[k] = new JsonArray(JsonValue.Create(v));
        }
        return new JsonObject
        {
            ["kind"] = kind,
            ["uuid"] = uuid,
            ["spec_version"] = specVersion,
            ["spec_hash"] = "00000000000000000000000000000000000000000000000000",
            ["categories"] = cats,
            ["categories_mapping"] = mapping,
            ["creation_time"] = Time(created),
            ["last_update_time"] = Time(updated),
            ["owner_reference"] = Reference("user", "00000000-0000-0000-0000-000000000000", "admin"),
        };
    }

    public static JsonObject Cluster(PrismCluster c, string pcVersion)
    {
        var build = c.IsPrismCentral
            ? new JsonObject
            {
                ["build_type"] = "release", ["version"] = "pc",
                ["full_version"] = $"el8.5-release-fraser-{pcVersion.Replace("pc.", "", StringComparison.Ordinal)}-stable-pc",
                ["is_long_term_support"] = false,
            }
            : new JsonObject
            {
                ["build_type"] = "release", ["version"] = c.Version,
                ["full_version"] = $"el8.5-release-fraser-{c.Version}-stable", ["is_long_term_support"] = true,
            };
        var nosVersion = c.IsPrismCentral ? pcVersion.Replace("pc.", "", StringComparison.Ordinal) : c.Version;
        JsonObject Config(bool status)
        {
            var cfg = new JsonObject
            {
                ["software_map"] = new JsonObject
                {
                    ["NOS"] = new JsonObject { ["software_type"] = "NOS", ["status"] = "INSTALLED", ["version"] = nosVersion },
                    ["NCC"] = new JsonObject { ["software_type"] = "NCC", ["status"] = "INSTALLED", ["version"] = "ncc-5.1.0" },
                },
                ["encryption_status"] = "NOT_SUPPORTED",
                ["redundancy_factor"] = 2,
                ["timezone"] = "UTC",
                ["operation_mode"] = "NORMAL",
                ["domain_awareness_level"] = "NODE",
                ["enabled_feature_list"] = new JsonArray("SHADOW_CLONES_ENABLED"),
            };
            if (status)
            {
                cfg["service_list"] = new JsonArray(c.IsPrismCentral ? "PRISM_CENTRAL" : "AOS");
                cfg["is_available"] = true;
                cfg["cluster_arch"] = "X86_64";
                cfg["build"] = build;
            }
            return cfg;
        }
        var network = new JsonObject
        {
            ["external_ip"] = c.ExternalIp,
            ["ntp_server_ip_list"] = new JsonArray("0.pool.ntp.org", "1.pool.ntp.org"),
            ["name_server_ip_list"] = new JsonArray("10.0.0.2"),
        };
        var statusResources = new JsonObject { ["config"] = Config(true), ["network"] = network.DeepClone() };
        if (!c.IsPrismCentral)
        {
            var hosts = new JsonArray();
            IpAddressText.TryParse(c.ExternalIp, out var baseIp);
            for (var i = 0; i < c.NodeCount; i++)
            {
                hosts.Add((JsonNode)new JsonObject { ["ip"] = IpAddressText.Format(baseIp + 100 + (uint)i), ["type"] = c.Hypervisor, ["version"] = "el8.nutanix.20230302.101026" });
            }
            statusResources["nodes"] = new JsonObject { ["hypervisor_server_list"] = hosts };
        }
        else
        {
            statusResources["runtime_status_list"] = new JsonArray("SSP_CONFIG_OWNER");
        }
        return new JsonObject
        {
            ["metadata"] = Metadata("cluster", c.Uuid, c.CreationTime, c.CreationTime, 1),
            ["spec"] = new JsonObject { ["name"] = c.Name, ["resources"] = new JsonObject { ["config"] = Config(false), ["network"] = network } },
            ["status"] = new JsonObject { ["name"] = c.Name, ["state"] = "COMPLETE", ["resources"] = statusResources },
        };
    }

    /// <summary>The hosts (nodes) of a Prism Element cluster, derived from its node count; stable UUIDs.</summary>
    public static IReadOnlyList<JsonObject> Hosts(PrismCluster c)
    {
        var hosts = new List<JsonObject>();
        if (c.IsPrismCentral) return hosts;
        IpAddressText.TryParse(c.ExternalIp, out var baseIp);
        for (var i = 0; i < c.NodeCount; i++)
        {
            var name = $"{c.Name}-node-{i + 1}";
            var uuid = DeterministicUuid.For("host", c.Uuid + "/" + name);
            var status = new JsonObject
            {
                ["name"] = name,
                ["state"] = "COMPLETE",
                ["cluster_reference"] = Reference("cluster", c.Uuid, c.Name),
                ["resources"] = new JsonObject
                {
                    ["host_type"] = "HYPER_CONVERGED",
                    ["serial_number"] = $"SIM{uuid[..8].ToUpperInvariant()}",
                    ["num_cpu_sockets"] = 2,
                    ["num_cpu_cores"] = 32,
                    ["memory_capacity_mib"] = 512 * 1024,
                    ["block"] = new JsonObject { ["block_model"] = "NX-3060-G8", ["block_serial_number"] = $"SIMBLK{i + 1}" },
                    ["hypervisor"] = new JsonObject
                    {
                        ["ip"] = IpAddressText.Format(baseIp + 100 + (uint)i),
                        ["hypervisor_full_name"] = "AHV 10.0",
                        ["num_vms"] = 0,
                    },
                    ["controller_vm"] = new JsonObject { ["ip"] = IpAddressText.Format(baseIp + 150 + (uint)i) },
                },
            };
            hosts.Add(new JsonObject
            {
                ["metadata"] = Metadata("host", uuid, c.CreationTime, c.CreationTime, 0),
                ["spec"] = new JsonObject { ["name"] = name, ["resources"] = new JsonObject() },
                ["status"] = status,
            });
        }
        return hosts;
    }

    public static JsonObject Subnet(PrismSubnet s, IReadOnlyList<string> allocated)
    {
        JsonObject IpConfig() => new()
        {
            ["subnet_ip"] = s.SubnetIp,
            ["prefix_length"] = s.PrefixLength,
            ["default_gateway_ip"] = s.DefaultGatewayIp,
            ["pool_list"] = new JsonArray(s.Pools.Select(p => (JsonNode)new JsonObject { ["range"] = p.Text }).ToArray()),
            ["dhcp_options"] = new JsonObject { ["domain_name_server_list"] = new JsonArray(s.DnsServers.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()) },
        };
        JsonObject Resources()
        {
            // An overlay subnet: subnet_type OVERLAY and its vpc_reference, no VLAN, no virtual switch.
            var r = new JsonObject { ["subnet_type"] = s.SubnetType };
            if (s.IsOverlay)
            {
                r["vpc_reference"] = Reference("vpc", s.VpcUuid!, s.VpcName);
            }
            else
            {
                r["vlan_id"] = s.VlanId;
                r["vswitch_name"] = s.VswitchName;
            }

            r["ip_config"] = IpConfig();
            return r;
        }
        var status = Resources();
        var poolStats = new JsonArray();
        foreach (var p in s.Pools)
        {
            var used = allocated.Count(a => IpAddressText.TryParse(a, out var ip) && ip >= p.First && ip <= p.Last);
            poolStats.Add((JsonNode)new JsonObject { ["range"] = p.Text, ["num_total_ips"] = p.Count, ["num_free_ips"] = p.Count - used });
        }
        status["ip_usage_stats"] = new JsonObject
        {
            ["num_macs"] = allocated.Count,
            ["num_assigned_ips"] = allocated.Count,
            ["num_free_ips"] = s.PoolSize - allocated.Count,
            ["ip_pools_stats"] = poolStats,
        };
        var spec = new JsonObject { ["name"] = s.Name, ["resources"] = Resources() };
        var statusObject = new JsonObject { ["name"] = s.Name, ["state"] = "COMPLETE", ["resources"] = status };
        if (s.ClusterUuid is not null)
        {
            // Overlay subnets have no cluster_reference at all.
            spec["cluster_reference"] = Reference("cluster", s.ClusterUuid, s.ClusterName);
            statusObject["cluster_reference"] = Reference("cluster", s.ClusterUuid, s.ClusterName);
        }

        return new JsonObject
        {
            ["metadata"] = Metadata("subnet", s.Uuid, s.CreationTime, s.CreationTime, 0),
            ["spec"] = spec,
            ["status"] = statusObject,
        };
    }

    public static JsonObject Image(PrismImage i, PrismInventory inventory)
    {
        JsonObject Resources(bool status)
        {
            var r = new JsonObject
            {
                ["image_type"] = i.ImageType,
                ["source_uri"] = i.SourceUri,
                ["architecture"] = i.Architecture,
            };
            if (status)
            {
                r["size_bytes"] = i.SizeBytes;
                r["retrieval_uri_list"] = new JsonArray(JsonValue.Create($"https://127.0.0.1:9440/api/nutanix/v3/images/{i.Uuid}/file"));
                r["current_cluster_reference_list"] = new JsonArray(i.ClusterUuids
                    .Select(c => (JsonNode)Reference("cluster", c, inventory.GetCluster(c)?.Name)).ToArray());
            }
            return r;
        }
        return new JsonObject
        {
            ["metadata"] = Metadata("image", i.Uuid, i.CreationTime, i.CreationTime, 0),
            ["spec"] = new JsonObject { ["name"] = i.Name, ["description"] = i.Description, ["resources"] = Resources(false) },
            ["status"] = new JsonObject { ["name"] = i.Name, ["description"] = i.Description, ["state"] = "COMPLETE", ["resources"] = Resources(true) },
        };
    }

    public static JsonObject Project(PrismProject p, PrismInventory inventory)
    {
        JsonObject Resources() => new()
        {
            ["subnet_reference_list"] = new JsonArray(p.SubnetUuids.Select(s => (JsonNode)Reference("subnet", s, inventory.GetSubnet(s)?.Name)).ToArray()),
            ["cluster_reference_list"] = new JsonArray(p.ClusterUuids.Select(c => (JsonNode)Reference("cluster", c, inventory.GetCluster(c)?.Name)).ToArray()),
            ["resource_domain"] = new JsonObject { ["resources"] = new JsonArray() },
            ["environment_reference_list"] = new JsonArray(),
            ["user_reference_list"] = new JsonArray(),
            ["is_default"] = p.Name == "default",
        };
        return new JsonObject
        {
            ["metadata"] = Metadata("project", p.Uuid, p.CreationTime, p.CreationTime, 0),
            ["spec"] = new JsonObject { ["name"] = p.Name, ["description"] = p.Description, ["resources"] = Resources() },
            ["status"] = new JsonObject { ["name"] = p.Name, ["description"] = p.Description, ["state"] = "COMPLETE", ["resources"] = Resources() },
        };
    }

    public static JsonObject Vm(PrismVm vm, PrismInventory inventory)
    {
        var state = inventory.VmState(vm);
        JsonObject Resources(bool status)
        {
            var r = new JsonObject
            {
                ["num_sockets"] = vm.NumSockets,
                ["num_vcpus_per_socket"] = vm.NumVcpusPerSocket,
                ["num_threads_per_core"] = 1,
                ["memory_size_mib"] = vm.MemorySizeMib,
                ["power_state"] = vm.PowerState,
                ["machine_type"] = "PC",
                ["hardware_clock_timezone"] = "UTC",
                ["boot_config"] = new JsonObject
                {
                    ["boot_type"] = vm.BootType,
                    ["boot_device_order_list"] = new JsonArray("CDROM", "DISK", "NETWORK"),
                },
                ["disk_list"] = new JsonArray(vm.Disks.Select(d =>
                {
                    var disk = new JsonObject
                    {
                        ["uuid"] = d.Uuid,
                        ["device_properties"] = new JsonObject
                        {
                            ["device_type"] = d.DeviceType,
                            ["disk_address"] = new JsonObject { ["adapter_type"] = d.AdapterType, ["device_index"] = d.DeviceIndex },
                        },
                        ["disk_size_mib"] = d.SizeMib,
                        ["disk_size_bytes"] = d.SizeMib << 20,
                    };
                    if (d.ImageUuid is not null) disk["data_source_reference"] = Reference("image", d.ImageUuid);
                    return (JsonNode)disk;
                }).ToArray()),
                ["nic_list"] = new JsonArray(vm.Nics.Select(n => (JsonNode)new JsonObject
                {
                    ["uuid"] = n.Uuid,
                    ["nic_type"] = "NORMAL_NIC",
                    ["vlan_mode"] = "ACCESS",
                    ["mac_address"] = n.MacAddress,
                    ["is_connected"] = true,
                    ["subnet_reference"] = Reference("subnet", n.SubnetUuid, n.SubnetName),
                    ["ip_endpoint_list"] = new JsonArray(new JsonObject { ["ip"] = n.IpAddress, ["type"] = "ASSIGNED" }),
                }).ToArray()),
                ["gpu_list"] = new JsonArray(),
            };
            if (vm.UserDataBase64 is not null)
            {
                r["guest_customization"] = new JsonObject
                {
                    ["cloud_init"] = new JsonObject { ["user_data"] = vm.UserDataBase64 },
                    ["is_overridable"] = false,
                };
            }
            if (status)
            {
                r["hypervisor_type"] = "AHV";
                r["bios_uuid"] = vm.Uuid;
                r["protection_type"] = "UNPROTECTED";
            }
            return r;
        }
        var metadata = Metadata("vm", vm.Uuid, vm.CreationTime, vm.LastUpdateTime, vm.SpecVersion, vm.Categories);
        if (vm.ProjectUuid is not null) metadata["project_reference"] = Reference("project", vm.ProjectUuid, inventory.GetProject(vm.ProjectUuid)?.Name);
        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["name"] = vm.Name,
                ["description"] = vm.Description,
                ["resources"] = Resources(false),
                ["cluster_reference"] = Reference("cluster", vm.ClusterUuid, vm.ClusterName),
            },
            ["status"] = new JsonObject
            {
                ["name"] = vm.Name,
                ["description"] = vm.Description,
                ["state"] = state,
                ["resources"] = Resources(true),
                ["cluster_reference"] = Reference("cluster", vm.ClusterUuid, vm.ClusterName),
                ["execution_context"] = new JsonObject { ["task_uuid"] = new JsonArray(JsonValue.Create(vm.CreateTaskUuid)) },
            },
        };
    }

    public static JsonObject Task(PrismTask t, DateTimeOffset now)
    {
        var status = t.StatusAt(now);
        var o = new JsonObject
        {
            ["uuid"] = t.Uuid,
            ["status"] = status,
            ["operation_type"] = t.OperationType,
            ["percentage_complete"] = t.PercentageAt(now),
            ["progress_message"] = status switch
            {
                "QUEUED" => "Task queued",
                "RUNNING" => $"{t.OperationType} running",
                "SUCCEEDED" => $"{t.OperationType} completed",
                _ => t.ErrorDetail ?? "failed",
            },
            ["creation_time"] = Time(t.CreationTime),
            ["creation_time_usecs"] = t.CreationTime.ToUnixTimeMilliseconds() * 1000,
            ["start_time"] = Time(t.CreationTime),
            ["last_update_time"] = Time(now < t.CompletesAt ? now : t.CompletesAt),
            ["entity_reference_list"] = new JsonArray(Reference(t.EntityKind, t.EntityUuid, t.EntityName)),
            ["subtask_reference_list"] = new JsonArray(),
            ["cluster_reference"] = new JsonObject(),
            ["api_version"] = ApiVersion,
        };
        if (status is "SUCCEEDED" or "FAILED")
        {
            o["completion_time"] = Time(t.CompletesAt);
            o["completion_time_usecs"] = t.CompletesAt.ToUnixTimeMilliseconds() * 1000;
        }
        if (status == "FAILED") o["error_detail"] = t.ErrorDetail;
        return o;
    }

    public static JsonObject Category(PrismCategory c) => new()
    {
        ["name"] = c.Key,
        ["description"] = c.Description,
        ["system_defined"] = c.SystemDefined,
        ["api_version"] = ApiVersion,
    };

    public static JsonObject CategoryValue(PrismCategory c, string value) => new()
    {
        ["name"] = c.Key,
        ["value"] = value,
        ["description"] = "",
        ["system_defined"] = c.SystemDefined,
        ["api_version"] = ApiVersion,
    };

    /// <summary>v3 error body. <paramref name="kind"/> is the entity kind of the request (or "error").</summary>
    public static JsonObject Error(int code, string reason, string message, string kind = "error") => new()
    {
        ["api_version"] = ApiVersion,
        ["code"] = code,
        ["kind"] = kind,
        ["state"] = "ERROR",
        ["message_list"] = new JsonArray(new JsonObject
        {
            ["message"] = message,
            ["reason"] = reason,
            ["details"] = new JsonObject(),
        }),
    };
}
