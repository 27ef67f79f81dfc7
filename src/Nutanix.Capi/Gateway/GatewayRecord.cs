namespace Nutanix.Capi.Gateway;

/// <summary>
/// A private cloud gateway (PCG) as recorded by the provider: a ConfigMap named
/// <see cref="GatewayStore.GatewayConfigMapName"/> in the gateway's namespace on the management cluster.
/// </summary>
/// <param name="Id"><c>&lt;namespace&gt;/&lt;name&gt;</c>.</param>
/// <param name="Namespace">Namespace holding the gateway's cloud accounts and workload clusters.</param>
/// <param name="Name">Gateway name.</param>
/// <param name="CreatedNamespace">True when the provider created the namespace (and so may delete it).</param>
/// <param name="Installed">
/// What the provider installed, in install order (cert-manager, clusterctl's inventory CRD, the providers): each with
/// every object it applies, recorded <em>before</em> the first of them is applied, so a partly failed install is
/// removed by destroy.
/// </param>
/// <param name="InstallDirectory">Directory the components were installed from, when any were.</param>
public sealed record GatewayRecord(
    string Id,
    string Namespace,
    string Name,
    bool CreatedNamespace,
    IReadOnlyList<InstalledComponent> Installed,
    string? InstallDirectory = null)
{
    /// <summary>The record ConfigMap's <c>metadata.uid</c> when read from the management cluster.</summary>
    public string? Uid { get; init; }

    /// <summary>Names of the installed components (clusterctl names, e.g. <c>cluster-api</c>).</summary>
    public IReadOnlyList<string> InstalledComponents => [.. Installed.Select(c => c.Name)];

    public InstalledComponent? Find(string name) => Installed.FirstOrDefault(c => c.Name == name);

    /// <summary>This record with <paramref name="component"/> added, or replacing the entry of the same name in place.</summary>
    public GatewayRecord With(InstalledComponent component)
    {
        var list = Installed.ToList();
        var index = list.FindIndex(c => c.Name == component.Name);
        if (index >= 0)
        {
            list[index] = component;
        }
        else
        {
            list.Add(component);
        }

        return this with { Installed = list };
    }
}

/// <summary>One component the provider installed: its name, version and the objects it applies (in apply order).</summary>
/// <param name="Complete">False while it is being installed (or when the install failed part way).</param>
public sealed record InstalledComponent(string Name, string Version, IReadOnlyList<ObjectReference> Objects, bool Complete);

/// <summary>A reference to one object on the management cluster.</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public static ObjectReference Of(System.Text.Json.Nodes.JsonObject obj) => new(
        (string?)obj["apiVersion"] ?? string.Empty,
        (string?)obj["kind"] ?? string.Empty,
        (string?)obj["metadata"]?["namespace"] is { Length: > 0 } ns ? ns : null,
        (string?)obj["metadata"]?["name"] ?? string.Empty);

    /// <summary><c>apiVersion kind namespace name</c> (namespace <c>-</c> when cluster-scoped).</summary>
    public string Format() => $"{ApiVersion} {Kind} {Namespace ?? "-"} {Name}";

    public static ObjectReference? Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 4 ? new ObjectReference(parts[0], parts[1], parts[2] == "-" ? null : parts[2], parts[3]) : null;
    }

    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
