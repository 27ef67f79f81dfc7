using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Controllers;

/// <summary>Registers the emulated CAPI/CAPX controllers in the Kubernetes API host.</summary>
public static class ControllerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SimulatedControllers"/> as a hosted service working on the registered <see cref="KubeStore"/>,
    /// the given inventory and Prism Central credentials, with <see cref="ControllerTimings.For"/>(<paramref name="fast"/>).
    /// </summary>
    public static IServiceCollection AddSimulatedControllers(this IServiceCollection services, PrismInventory inventory, PrismCredentials credentials, bool fast)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(credentials);
        services.AddHostedService(sp => new SimulatedControllers(
            sp.GetRequiredService<KubeStore>(), inventory, credentials, ControllerTimings.For(fast),
            sp.GetService<ILogger<SimulatedControllers>>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
