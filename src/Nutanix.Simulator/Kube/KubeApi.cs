using Microsoft.AspNetCore.Routing;

namespace Nutanix.Simulator.Kube;

/// <summary>Registers and maps the simulated Kubernetes API server.</summary>
public static class KubeApi
{
    /// <summary>Registers the Kubernetes API services (object store, CRD registry) as singletons.</summary>
    public static IServiceCollection AddKubeApi(this IServiceCollection services, KubeApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        return services;
    }

    /// <summary>Maps the Kubernetes API routes (/version, /api, /apis, ...).</summary>
    public static IEndpointRouteBuilder MapKubeApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes;
    }
}
