using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Nutanix.Simulator.Inventory;

/// <summary>
/// The simulated Prism Central's inventory, shared by the Prism v3 API and the emulated CAPI/CAPX controllers.
/// Thread-safe: every method may be called concurrently; returned entities are immutable snapshots.
/// <para>Static entities (Prism Central, PE clusters, subnets, images, projects) come from the <see cref="InventorySeed"/>.
/// VMs, tasks, category values created at runtime and IP allocations are persisted to <c>prism-state.json</c> in the
/// state directory after every change, so a restarted simulator finds them again.</para>
/// <para>Lookups: <c>GetX(uuid)</c> returns one entity or null; <c>FindXs(nameOrUuid)</c> returns every entity whose
/// UUID or name matches (names are not unique in Prism: one subnet name may exist on two clusters).</para>
/// </summary>
public sealed class PrismInventory
{
    private readonly Lock _gate = new();
    private readonly InventorySeed _seed;
    private readonly string? _statePath;
    private readonly TimeSpan _taskDuration;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly Dictionary<string, PrismVm> _vms = new(StringComparer.Ordinal);
    private readonly List<PrismVm> _vmOrder = [];
    private readonly Dictionary<string, PrismTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<string> _taskOrder = [];
    private readonly Dictionary<string, PrismCategory> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<uint>> _allocated = new(StringComparer.Ordinal);
    private const int MaxTasksKept = 5000;

    /// <param name="seed">Static inventory.</param>
    /// <param name="statePath">File for runtime state (loaded if it exists); null keeps everything in memory.</param>
    /// <param name="taskDuration">How long tasks take (zero: tasks succeed at once — the simulator's <c>--fast</c>).</param>
    public PrismInventory(InventorySeed seed, string? statePath, TimeSpan taskDuration, TimeProvider? time = null, ILogger? logger = null)
    {
        _seed = seed;
        _statePath = statePath;
        _taskDuration = taskDuration;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        foreach (var c in seed.Categories) _categories[c.Key] = c;
        if (statePath is not null && File.Exists(statePath)) LoadState(statePath);
    }

    /// <summary>
    /// Raised after every stored change (outside the inventory's lock, on the caller's thread). Handlers must be quick
    /// and must not throw; exceptions are logged and swallowed.
    /// </summary>
    public event EventHandler<InventoryChange>? Changed;

    private void Raise(InventoryChange change)
    {
        try
        {
            Changed?.Invoke(this, change);
        }
        catch (Exception e)
        {
            _logger?.LogError(e, "Inventory change handler failed for {Kind} {Id}", change.Kind, change.Id);
        }
    }

    /// <summary>The Prism Central's own entry in clusters/list (<c>service_list: ["PRISM_CENTRAL"]</c>).</summary>
    public PrismCluster PrismCentral => _seed.PrismCentral;

    public DateTimeOffset Now => _time.GetUtcNow();

    // ---- clusters -------------------------------------------------------------------------------------------------

    /// <summary>The Prism Central entity first, then the Prism Element clusters (as Prism's clusters/list does).</summary>
    public IReadOnlyList<PrismCluster> ListClusters() => [_seed.PrismCentral, .. _seed.Clusters];

    /// <summary>Prism Element clusters only (the ones VMs can run on).</summary>
    public IReadOnlyList<PrismCluster> ListPrismElements() => _seed.Clusters;

    public PrismCluster? GetCluster(string uuid) => ListClusters().FirstOrDefault(c => Same(c.Uuid, uuid));

    public IReadOnlyList<PrismCluster> FindClusters(string nameOrUuid) => Match(ListClusters(), nameOrUuid, c => c.Uuid, c => c.Name);

    // ---- subnets --------------------------------------------------------------------------------------------------

    public IReadOnlyList<PrismSubnet> ListSubnets() => _seed.Subnets;

    public PrismSubnet? GetSubnet(string uuid) => _seed.Subnets.FirstOrDefault(s => Same(s.Uuid, uuid));

    /// <summary>Subnets matching a name or UUID, optionally restricted to one cluster (UUID).</summary>
    public IReadOnlyList<PrismSubnet> FindSubnets(string nameOrUuid, string? clusterUuid = null) =>
        Match(_seed.Subnets, nameOrUuid, s => s.Uuid, s => s.Name).Where(s => clusterUuid is null || s.IsUsableFrom(clusterUuid)).ToList();

    /// <summary>Addresses currently assigned in a subnet (sorted).</summary>
    public IReadOnlyList<string> AllocatedAddresses(string subnetUuid)
    {
        lock (_gate)
        {
            return _allocated.TryGetValue(subnetUuid, out var set) ? set.Order().Select(IpAddressText.Format).ToList() : [];
        }
    }

    // ---- images / projects ----------------------------------------------------------------------------------------

    public IReadOnlyList<PrismImage> ListImages() => _seed.Images;

    public PrismImage? GetImage(string uuid) => _seed.Images.FirstOrDefault(i => Same(i.Uuid, uuid));

    public IReadOnlyList<PrismImage> FindImages(string nameOrUuid) => Match(_seed.Images, nameOrUuid, i => i.Uuid, i => i.Name);

    public IReadOnlyList<PrismProject> ListProjects() => _seed.Projects;

    public PrismProject? GetProject(string uuid) => _seed.Projects.FirstOrDefault(p => Same(p.Uuid, uuid));

    public IReadOnlyList<PrismProject> FindProjects(string nameOrUuid) => Match(_seed.Projects, nameOrUuid, p => p.Uuid, p => p.Name);

    // ---- categories -----------------------------------------------------------------------------------------------

    public IReadOnlyList<PrismCategory> ListCategories()
    {
        lock (_gate) return _categories.Values.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    public PrismCategory? GetCategory(string key)
    {
        lock (_gate) return _categories.GetValueOrDefault(key);
    }

    /// <summary>Creates the key (if missing) and adds the value (if missing); returns the category. Idempotent.</summary>
    public PrismCategory EnsureCategoryValue(string key, string? value, string? description = null)
    {
        if (string.IsNullOrWhiteSpace(key)) throw PrismApiException.Invalid("category name must not be empty");
        PrismCategory result;
        var changed = false;
        lock (_gate)
        {
            var existing = _categories.GetValueOrDefault(key);
            var values = existing?.Values.ToList() ?? [];
            if (value is not null && !values.Contains(value)) values.Add(value);
            var updated = new PrismCategory(key, description ?? existing?.Description ?? "", existing?.SystemDefined ?? false, values);
            if (existing is null || !existing.Values.SequenceEqual(values) || existing.Description != updated.Description)
            {
                _categories[key] = updated;
                SaveLocked();
                changed = true;
            }
            result = updated;
        }
        if (changed) Raise(new InventoryChange("category", "updated", key, value ?? key));
        return result;
    }

    /// <summary>Deletes a category value (or the whole key when <paramref name="value"/> is null). Refused while a VM uses it.</summary>
    public void DeleteCategory(string key, string? value)
    {
        lock (_gate)
        {
            var existing = _categories.GetValueOrDefault(key) ?? throw PrismApiException.NotFound("category", key);
            if (value is not null && !existing.Values.Contains(value)) throw PrismApiException.NotFound("category_value", key + "/" + value);
            if (_vms.Values.Any(v => v.Categories.TryGetValue(key, out var used) && (value is null || used == value)))
            {
                throw PrismApiException.Invalid($"category {key}{(value is null ? "" : ":" + value)} is in use by a VM");
            }
            if (value is null)
            {
                if (existing.Values.Count > 0) throw PrismApiException.Invalid($"category {key} still has values");
                _categories.Remove(key);
            }
            else
            {
                _categories[key] = existing with { Values = existing.Values.Where(v => v != value).ToList() };
            }
            SaveLocked();
        }
        Raise(new InventoryChange("category", value is null ? "deleted" : "updated", key, value ?? key));
    }

    // ---- VMs ------------------------------------------------------------------------------------------------------

    /// <summary>VMs in creation order.</summary>
    public IReadOnlyList<PrismVm> ListVms()
    {
        lock (_gate) return _vmOrder.ToList();
    }

    public PrismVm? GetVm(string uuid)
    {
        lock (_gate) return _vms.GetValueOrDefault(uuid.ToLowerInvariant());
    }

    public IReadOnlyList<PrismVm> FindVms(string nameOrUuid) => Match(ListVms(), nameOrUuid, v => v.Uuid, v => v.Name);

    /// <summary>
    /// Creates a VM: validates the cluster, images, subnets (which must be on that cluster), categories and project,
    /// assigns NIC addresses from the subnet pools, and starts a <c>kVmCreate</c> task. The VM is <c>PENDING</c> until
    /// the task completes. Throws <see cref="PrismApiException"/> (422 INVALID_REQUEST) when something is wrong.
    /// </summary>
    public (PrismVm Vm, PrismTask Task) CreateVm(VmCreateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Name)) throw PrismApiException.Invalid("spec.name must not be empty");
        if (request.NumSockets < 1 || request.NumVcpusPerSocket < 1) throw PrismApiException.Invalid("num_sockets and num_vcpus_per_socket must be at least 1");
        if (request.MemorySizeMib < 1) throw PrismApiException.Invalid("memory_size_mib must be positive");
        if (request.PowerState is not ("ON" or "OFF")) throw PrismApiException.Invalid("power_state must be ON or OFF");

        var cluster = _seed.Clusters.FirstOrDefault(c => Same(c.Uuid, request.ClusterUuid))
            ?? throw PrismApiException.Invalid(
                GetCluster(request.ClusterUuid) is not null
                    ? $"cluster {request.ClusterUuid} is the Prism Central; VMs need a Prism Element cluster"
                    : $"cluster_reference {request.ClusterUuid} not found");

        var disks = new List<PrismVmDisk>();
        for (var i = 0; i < request.Disks.Count; i++)
        {
            var d = request.Disks[i];
            long size = d.SizeMib;
            if (d.ImageUuid is not null)
            {
                var image = GetImage(d.ImageUuid) ?? throw PrismApiException.Invalid($"image {d.ImageUuid} (disk_list[{i}]) not found");
                var imageMib = (image.SizeBytes + (1 << 20) - 1) >> 20;
                if (size == 0) size = imageMib;
                if (size < imageMib) throw PrismApiException.Invalid($"disk_list[{i}]: disk_size_mib {size} is smaller than image {image.Name} ({imageMib} MiB)");
            }
            else if (size <= 0 && d.DeviceType == "DISK")
            {
                throw PrismApiException.Invalid($"disk_list[{i}]: disk_size_mib must be positive for an empty disk");
            }
            disks.Add(new PrismVmDisk(NewUuid(), d.ImageUuid?.ToLowerInvariant(), size, d.DeviceType, d.DeviceType == "CDROM" ? "IDE" : "SCSI", i));
        }

        if (request.ProjectUuid is not null && GetProject(request.ProjectUuid) is null)
        {
            throw PrismApiException.Invalid($"project {request.ProjectUuid} not found");
        }

        PrismVm createdVm;
        PrismTask createTask;
        lock (_gate)
        {
            foreach (var (key, value) in request.Categories)
            {
                if (!_categories.TryGetValue(key, out var cat) || !cat.Values.Contains(value))
                {
                    throw PrismApiException.Invalid($"category {key}:{value} does not exist");
                }
            }

            var nics = new List<PrismVmNic>();
            var taken = new List<(string Subnet, uint Ip)>();
            try
            {
                for (var i = 0; i < request.Nics.Count; i++)
                {
                    var n = request.Nics[i];
                    var subnet = GetSubnet(n.SubnetUuid) ?? throw PrismApiException.Invalid($"subnet {n.SubnetUuid} (nic_list[{i}]) not found");
                    if (!subnet.IsUsableFrom(cluster.Uuid))
                    {
                        throw PrismApiException.Invalid($"subnet {subnet.Name} ({subnet.Uuid}) belongs to cluster {subnet.ClusterName}, not {cluster.Name}");
                    }
                    var ip = AllocateLocked(subnet, n.IpAddress, i);
                    taken.Add((subnet.Uuid, ip));
                    nics.Add(new PrismVmNic(NewUuid(), subnet.Uuid, subnet.Name, NewMac(), IpAddressText.Format(ip)));
                }
            }
            catch
            {
                foreach (var (s, ip) in taken) _allocated[s].Remove(ip);
                throw;
            }

            var now = Now;
            var uuid = NewUuid();
            var task = NewTaskLocked("kVmCreate", "vm", uuid, request.Name, now);
            var vm = new PrismVm(uuid, request.Name, request.Description, cluster.Uuid, cluster.Name,
                request.NumSockets, request.NumVcpusPerSocket, request.MemorySizeMib, request.PowerState, disks, nics,
                new Dictionary<string, string>(request.Categories, StringComparer.Ordinal), request.ProjectUuid?.ToLowerInvariant(),
                request.UserDataBase64, request.BootType, 0, task.Uuid, now, now);
            _vms[uuid] = vm;
            _vmOrder.Add(vm);
            SaveLocked();
            _logger?.LogInformation("VM {Name} ({Uuid}) created on {Cluster} with addresses {Addresses}", vm.Name, vm.Uuid, cluster.Name,
                string.Join(",", nics.Select(n => n.IpAddress)));
            createdVm = vm;
            createTask = task;
        }
        Raise(new InventoryChange("vm", "created", createdVm.Uuid, createdVm.Name));
        return (createdVm, createTask);
    }

    /// <summary>"PENDING" while the VM's create task runs, then "COMPLETE".</summary>
    public string VmState(PrismVm vm)
    {
        var task = GetTask(vm.CreateTaskUuid);
        return task is null || task.StatusAt(Now) == "SUCCEEDED" ? "COMPLETE" : "PENDING";
    }

    /// <summary>
    /// Updates a VM's mutable fields (power state, categories, name, CPU/memory). <paramref name="specVersion"/>, when
    /// given, must equal the current spec_version (Prism's optimistic concurrency; 409 otherwise).
    /// </summary>
    public (PrismVm Vm, PrismTask Task) UpdateVm(string uuid, long? specVersion, Func<PrismVm, PrismVm> change)
    {
        PrismVm result;
        PrismTask resultTask;
        lock (_gate)
        {
            var vm = _vms.GetValueOrDefault(uuid.ToLowerInvariant()) ?? throw PrismApiException.NotFound("vm", uuid);
            if (specVersion is not null && specVersion != vm.SpecVersion)
            {
                throw new PrismApiException(409, "CONCURRENT_REQUESTS_NOT_ALLOWED",
                    $"spec_version {specVersion} does not match the current spec_version {vm.SpecVersion}");
            }
            var updated = change(vm);
            if (updated.Uuid != vm.Uuid || !updated.Nics.SequenceEqual(vm.Nics)) throw PrismApiException.Invalid("uuid and nic_list cannot be changed");
            foreach (var (key, value) in updated.Categories)
            {
                if (!_categories.TryGetValue(key, out var cat) || !cat.Values.Contains(value)) throw PrismApiException.Invalid($"category {key}:{value} does not exist");
            }
            if (updated.PowerState is not ("ON" or "OFF")) throw PrismApiException.Invalid("power_state must be ON or OFF");
            var now = Now;
            var task = NewTaskLocked("kVmUpdate", "vm", uuid, updated.Name, now);
            updated = updated with { SpecVersion = vm.SpecVersion + 1, LastUpdateTime = now };
            _vms[vm.Uuid] = updated;
            _vmOrder[_vmOrder.FindIndex(v => v.Uuid == vm.Uuid)] = updated;
            SaveLocked();
            result = updated;
            resultTask = task;
        }
        Raise(new InventoryChange("vm", "updated", result.Uuid, result.Name));
        return (result, resultTask);
    }

    /// <summary>Deletes a VM at once, releasing its addresses, and returns a <c>kVmDelete</c> task.</summary>
    public PrismTask DeleteVm(string uuid)
    {
        PrismTask deleteTask;
        PrismVm deleted;
        lock (_gate)
        {
            var vm = _vms.GetValueOrDefault(uuid.ToLowerInvariant()) ?? throw PrismApiException.NotFound("vm", uuid);
            deleted = vm;
            _vms.Remove(vm.Uuid);
            _vmOrder.RemoveAll(v => v.Uuid == vm.Uuid);
            foreach (var nic in vm.Nics)
            {
                if (_allocated.TryGetValue(nic.SubnetUuid, out var set) && IpAddressText.TryParse(nic.IpAddress, out var ip)) set.Remove(ip);
            }
            var task = NewTaskLocked("kVmDelete", "vm", vm.Uuid, vm.Name, Now);
            SaveLocked();
            _logger?.LogInformation("VM {Name} ({Uuid}) deleted", vm.Name, vm.Uuid);
            deleteTask = task;
        }
        Raise(new InventoryChange("vm", "deleted", deleted.Uuid, deleted.Name));
        return deleteTask;
    }

    // ---- tasks ----------------------------------------------------------------------------------------------------

    public PrismTask? GetTask(string uuid)
    {
        lock (_gate) return _tasks.GetValueOrDefault(uuid.ToLowerInvariant());
    }

    /// <summary>Most recent tasks first.</summary>
    public IReadOnlyList<PrismTask> ListTasks()
    {
        lock (_gate) return _taskOrder.AsEnumerable().Reverse().Select(u => _tasks[u]).ToList();
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    private PrismTask NewTaskLocked(string operation, string kind, string entityUuid, string entityName, DateTimeOffset now)
    {
        var task = new PrismTask(NewUuid(), operation, kind, entityUuid, entityName, now, now + _taskDuration, null);
        _tasks[task.Uuid] = task;
        _taskOrder.Add(task.Uuid);
        if (_taskOrder.Count > MaxTasksKept)
        {
            _tasks.Remove(_taskOrder[0]);
            _taskOrder.RemoveAt(0);
        }
        return task;
    }

    private uint AllocateLocked(PrismSubnet subnet, string? requested, int nicIndex)
    {
        if (!_allocated.TryGetValue(subnet.Uuid, out var set)) _allocated[subnet.Uuid] = set = [];
        IpAddressText.TryParse(subnet.SubnetIp, out var network);
        IpAddressText.TryParse(subnet.DefaultGatewayIp, out var gateway);
        var mask = uint.MaxValue << (32 - subnet.PrefixLength);
        if (requested is not null)
        {
            if (!IpAddressText.TryParse(requested, out var ip) || (ip & mask) != network)
            {
                throw PrismApiException.Invalid($"nic_list[{nicIndex}]: address {requested} is not in subnet {subnet.Name} ({subnet.SubnetIp}/{subnet.PrefixLength})");
            }
            if (ip == gateway || !set.Add(ip)) throw PrismApiException.Invalid($"nic_list[{nicIndex}]: address {requested} is already in use in subnet {subnet.Name}");
            return ip;
        }
        foreach (var pool in subnet.Pools)
        {
            for (var ip = pool.First; ip <= pool.Last && ip >= pool.First; ip++)
            {
                if (ip != gateway && set.Add(ip)) return ip;
            }
        }
        throw PrismApiException.Invalid(subnet.Pools.Count == 0
            ? $"subnet {subnet.Name} has no IP pool; request an address for nic_list[{nicIndex}]"
            : $"subnet {subnet.Name} has no free address left in its IP pool");
    }

    private static IReadOnlyList<T> Match<T>(IEnumerable<T> items, string nameOrUuid, Func<T, string> uuid, Func<T, string> name)
    {
        var byUuid = items.Where(i => Same(uuid(i), nameOrUuid)).ToList();
        return byUuid.Count > 0 ? byUuid : items.Where(i => name(i) == nameOrUuid).ToList();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string NewUuid() => Guid.NewGuid().ToString("D");

    private static string NewMac()
    {
        Span<byte> b = stackalloc byte[3];
        RandomNumberGenerator.Fill(b);
        return string.Create(CultureInfo.InvariantCulture, $"50:6b:8d:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}");
    }

    // ---- persistence ----------------------------------------------------------------------------------------------

    private void SaveLocked()
    {
        if (_statePath is null) return;
        var root = new JsonObject
        {
            ["categories"] = new JsonArray(_categories.Values.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (JsonNode)new JsonObject
            {
                ["key"] = c.Key,
                ["description"] = c.Description,
                ["system_defined"] = c.SystemDefined,
                ["values"] = new JsonArray(c.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            }).ToArray()),
            ["vms"] = new JsonArray(_vmOrder.Select(VmToJson).ToArray()),
            ["tasks"] = new JsonArray(_taskOrder.Select(u => _tasks[u]).Select(t => (JsonNode)new JsonObject
            {
                ["uuid"] = t.Uuid,
                ["operation_type"] = t.OperationType,
                ["entity_kind"] = t.EntityKind,
                ["entity_uuid"] = t.EntityUuid,
                ["entity_name"] = t.EntityName,
                ["creation_time"] = t.CreationTime.ToString("O", CultureInfo.InvariantCulture),
                ["completes_at"] = t.CompletesAt.ToString("O", CultureInfo.InvariantCulture),
                ["error_detail"] = t.ErrorDetail,
            }).ToArray()),
        };
        var temp = _statePath + ".tmp";
        File.WriteAllText(temp, root.ToJsonString());
        File.Move(temp, _statePath, overwrite: true);
    }

    private static JsonNode VmToJson(PrismVm vm) => new JsonObject
    {
        ["uuid"] = vm.Uuid,
        ["name"] = vm.Name,
        ["description"] = vm.Description,
        ["cluster_uuid"] = vm.ClusterUuid,
        ["cluster_name"] = vm.ClusterName,
        ["num_sockets"] = vm.NumSockets,
        ["num_vcpus_per_socket"] = vm.NumVcpusPerSocket,
        ["memory_size_mib"] = vm.MemorySizeMib,
        ["power_state"] = vm.PowerState,
        ["disks"] = new JsonArray(vm.Disks.Select(d => (JsonNode)new JsonObject
        {
            ["uuid"] = d.Uuid, ["image_uuid"] = d.ImageUuid, ["size_mib"] = d.SizeMib, ["device_type"] = d.DeviceType,
            ["adapter_type"] = d.AdapterType, ["device_index"] = d.DeviceIndex,
        }).ToArray()),
        ["nics"] = new JsonArray(vm.Nics.Select(n => (JsonNode)new JsonObject
        {
            ["uuid"] = n.Uuid, ["subnet_uuid"] = n.SubnetUuid, ["subnet_name"] = n.SubnetName, ["mac"] = n.MacAddress, ["ip"] = n.IpAddress,
        }).ToArray()),
        ["categories"] = new JsonObject(vm.Categories.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        ["project_uuid"] = vm.ProjectUuid,
        ["user_data"] = vm.UserDataBase64,
        ["boot_type"] = vm.BootType,
        ["spec_version"] = vm.SpecVersion,
        ["create_task_uuid"] = vm.CreateTaskUuid,
        ["creation_time"] = vm.CreationTime.ToString("O", CultureInfo.InvariantCulture),
        ["last_update_time"] = vm.LastUpdateTime.ToString("O", CultureInfo.InvariantCulture),
    };

    private void LoadState(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InventoryException(path, "$", "must be a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InventoryException(path, "$", "state file is not valid JSON: " + e.Message);
        }

        try
        {
            if (root["categories"] is JsonArray cats)
            {
                _categories.Clear();
                foreach (var c in cats.OfType<JsonObject>())
                {
                    var key = (string)c["key"]!;
                    _categories[key] = new PrismCategory(key, (string?)c["description"] ?? "", (bool?)c["system_defined"] ?? false,
                        (c["values"] as JsonArray ?? []).Select(v => (string)v!).ToList());
                }
            }
            foreach (var t in (root["tasks"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var task = new PrismTask((string)t["uuid"]!, (string)t["operation_type"]!, (string)t["entity_kind"]!, (string)t["entity_uuid"]!,
                    (string?)t["entity_name"] ?? "", DateTimeOffset.Parse((string)t["creation_time"]!, CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse((string)t["completes_at"]!, CultureInfo.InvariantCulture), (string?)t["error_detail"]);
                _tasks[task.Uuid] = task;
                _taskOrder.Add(task.Uuid);
            }
            foreach (var v in (root["vms"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var vm = new PrismVm((string)v["uuid"]!, (string)v["name"]!, (string?)v["description"] ?? "", (string)v["cluster_uuid"]!,
                    (string)v["cluster_name"]!, (int)v["num_sockets"]!, (int)v["num_vcpus_per_socket"]!, (long)v["memory_size_mib"]!,
                    (string)v["power_state"]!,
                    (v["disks"] as JsonArray ?? []).OfType<JsonObject>().Select(d => new PrismVmDisk((string)d["uuid"]!, (string?)d["image_uuid"],
                        (long)d["size_mib"]!, (string)d["device_type"]!, (string)d["adapter_type"]!, (int)d["device_index"]!)).ToList(),
                    (v["nics"] as JsonArray ?? []).OfType<JsonObject>().Select(n => new PrismVmNic((string)n["uuid"]!, (string)n["subnet_uuid"]!,
                        (string)n["subnet_name"]!, (string)n["mac"]!, (string)n["ip"]!)).ToList(),
                    (v["categories"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => (string)kv.Value!, StringComparer.Ordinal),
                    (string?)v["project_uuid"], (string?)v["user_data"], (string?)v["boot_type"] ?? "LEGACY", (long)v["spec_version"]!,
                    (string)v["create_task_uuid"]!,
                    DateTimeOffset.Parse((string)v["creation_time"]!, CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse((string)v["last_update_time"]!, CultureInfo.InvariantCulture));
                _vms[vm.Uuid] = vm;
                _vmOrder.Add(vm);
                foreach (var nic in vm.Nics)
                {
                    if (!_allocated.TryGetValue(nic.SubnetUuid, out var set)) _allocated[nic.SubnetUuid] = set = [];
                    if (IpAddressText.TryParse(nic.IpAddress, out var ip)) set.Add(ip);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new InventoryException(path, "$", "state file is damaged: " + e.Message);
        }
        _logger?.LogInformation("Loaded {Vms} VMs and {Tasks} tasks from {Path}", _vms.Count, _tasks.Count, path);
    }
}
