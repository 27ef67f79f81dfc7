namespace Nutanix.Simulator.Controllers;

/// <summary>
/// How long the emulated controllers take per step. <see cref="Default"/> feels like a small real environment
/// (seconds); <see cref="Fast"/> (the simulator's <c>--fast</c>) lets tests bring a cluster up in well under a second.
/// Prism task durations (VM create) are the inventory's own setting.
/// </summary>
public sealed record ControllerTimings
{
    /// <summary>Time a freshly applied Deployment needs to report Available (provider installation).</summary>
    public required TimeSpan DeploymentRollout { get; init; }

    /// <summary>Time from a provisioned VM to a registered, ready Node (cloud-init + kubeadm + kubelet).</summary>
    public required TimeSpan NodeStartup { get; init; }

    /// <summary>Time the bootstrap provider needs to render a node's cloud-init data.</summary>
    public required TimeSpan BootstrapData { get; init; }

    /// <summary>
    /// Interval of the periodic full pass over every object, a safety net: store changes, Prism inventory changes and
    /// password rotations already schedule passes, and step timers their own.
    /// </summary>
    public required TimeSpan Resync { get; init; }

    public static ControllerTimings Default { get; } = new()
    {
        DeploymentRollout = TimeSpan.FromSeconds(3),
        NodeStartup = TimeSpan.FromSeconds(5),
        BootstrapData = TimeSpan.FromSeconds(1),
        Resync = TimeSpan.FromSeconds(10),
    };

    public static ControllerTimings Fast { get; } = new()
    {
        DeploymentRollout = TimeSpan.FromMilliseconds(20),
        NodeStartup = TimeSpan.FromMilliseconds(20),
        BootstrapData = TimeSpan.FromMilliseconds(5),
        Resync = TimeSpan.FromSeconds(5),
    };

    /// <summary>The timings for the simulator's <c>--fast</c> flag.</summary>
    public static ControllerTimings For(bool fast) => fast ? Fast : Default;
}
