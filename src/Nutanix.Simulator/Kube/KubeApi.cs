using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Nutanix.Simulator.Kube;

/// <summary>Registers and maps the simulated Kubernetes API server.</summary>
public static class KubeApi
{
    /// <summary>The route patterns the API answers (all methods); Prism's /api/nutanix/... is not among them.</summary>
    public static IReadOnlyList<string> RoutePatterns { get; } =
        ["/version", "/api", "/api/v1", "/api/v1/{**rest}", "/apis", "/apis/{**rest}", "/openapi/{**rest}"];

    /// <summary>
    /// Registers the Kubernetes API services as singletons: <see cref="ResourceRegistry"/> (CRDs from
    /// <see cref="KubeApiOptions.CrdDirectory"/> or embedded), <see cref="IKubeObjectValidator"/>,
    /// <see cref="KubeStore"/> (persisted under <see cref="KubeApiOptions.StateDirectory"/>, seeded on first start)
    /// and the HTTP handler.
    /// </summary>
    public static IServiceCollection AddKubeApi(this IServiceCollection services, KubeApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => ResourceRegistry.Load(options.CrdDirectory, options.Bare));
        services.AddSingleton<IKubeObjectValidator>(sp => new CapiSchemaValidator(sp.GetRequiredService<ResourceRegistry>()));
        services.AddSingleton(sp =>
        {
            var store = new KubeStore(
                sp.GetRequiredService<ResourceRegistry>(),
                sp.GetRequiredService<IKubeObjectValidator>(),
                options.StateDirectory,
                sp.GetService<ILogger<KubeStore>>(),
                sp.GetService<TimeProvider>());
            KubeSeed.SeedIfEmpty(store, options.Bare);
            return store;
        });
        services.AddSingleton<KubeRequestCounters>();
        services.AddSingleton(sp => new KubeHttpHandler(
            sp.GetRequiredService<KubeStore>(), options, sp.GetRequiredService<ILogger<KubeHttpHandler>>(), sp.GetService<TimeProvider>(),
            sp.GetRequiredService<KubeRequestCounters>()));
        return services;
    }

    /// <summary>Maps the Kubernetes API routes (/version, /api, /api/v1/..., /apis/..., /openapi/...).</summary>
    public static IEndpointRouteBuilder MapKubeApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = routes.ServiceProvider.GetRequiredService<KubeHttpHandler>();
        RequestDelegate d = handler.HandleAsync;
        foreach (var pattern in RoutePatterns) routes.Map(pattern, d);
        return routes;
    }
}
