using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Server;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// Registers and maps the plugin's gRPC services (tfplugin6.Provider, go-plugin controller/stdio/broker, health).
/// <see cref="PluginHost"/> uses these; tests use them to host a provider in-process.
/// </summary>
public static class PluginServiceCollectionExtensions
{
    /// <summary>Adds gRPC (256 MiB message limits) and the provider runtime for <paramref name="providerFactory"/>.</summary>
    public static IServiceCollection AddTerraformPlugin(this IServiceCollection services, Func<IProvider> providerFactory)
    {
        ArgumentNullException.ThrowIfNull(providerFactory);
        services.AddSingleton(_ => providerFactory());
        services.AddSingleton<ProviderRuntime>();
        services.AddSingleton(_ =>
        {
            var health = new HealthServiceImpl();
            health.SetStatus("plugin", HealthCheckResponse.Types.ServingStatus.Serving);
            health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
            return health;
        });
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = PluginHost.MaxMessageSize;
            o.MaxSendMessageSize = PluginHost.MaxMessageSize;
            o.EnableDetailedErrors = false;
        });
        return services;
    }

    /// <summary>Maps every plugin gRPC service.</summary>
    public static IEndpointRouteBuilder MapTerraformPlugin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ProviderService>();
        endpoints.MapGrpcService<GrpcControllerService>();
        endpoints.MapGrpcService<GrpcStdioService>();
        endpoints.MapGrpcService<GrpcBrokerService>();
        endpoints.MapGrpcService<HealthServiceImpl>();
        return endpoints;
    }
}
