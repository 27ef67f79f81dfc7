namespace Nutanix.Capi.Gateway;

/// <summary>What the management cluster shows for one provider component.</summary>
/// <param name="Installed">An inventory <c>Provider</c> object or the controller Deployment exists.</param>
/// <param name="Version">Version from the inventory Provider object (e.g. <c>v1.13.1</c>).</param>
/// <param name="Available">The controller Deployment reports Available.</param>
/// <param name="Problem">Why it is not healthy (null when healthy).</param>
public sealed record ComponentStatus(ProviderComponent Component, bool Installed, string? Version, string Namespace, bool Available, string? Problem)
{
    public bool Healthy => Installed && Available;
}

/// <summary>Health of a gateway's management cluster: one <see cref="ComponentStatus"/> per required component.</summary>
public sealed record GatewayHealth(IReadOnlyList<ComponentStatus> Components)
{
    public const string Running = "Running";
    public const string Degraded = "Degraded";

    public bool Healthy => Components.All(c => c.Healthy);

    /// <summary><see cref="Running"/> or <see cref="Degraded"/>.</summary>
    public string Status => Healthy ? Running : Degraded;

    /// <summary>Why the gateway is degraded (empty when running).</summary>
    public string Reason => string.Join("; ", Components.Where(c => !c.Healthy).Select(c => c.Problem));

    public IReadOnlyList<ProviderComponent> Missing => [.. Components.Where(c => !c.Installed).Select(c => c.Component)];

    public string? VersionOf(ProviderComponent component) => Components.FirstOrDefault(c => c.Component == component)?.Version;
}
