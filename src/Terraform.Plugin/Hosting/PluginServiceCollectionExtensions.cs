using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        // Each service's methods come from an explicit table rather than reflection (see ServiceMethodTable);
        // the services keep no per-call state, so one instance of each serves every call. The service names are
        // literals: reading them from the generated descriptors would build the whole protobuf reflection model
        // (every message and field of tfplugin6) at start-up. ServiceMethodTableTests checks them against it.
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton<ProviderService>();
        services.AddSingleton<GrpcControllerService>();
        services.AddSingleton<GrpcStdioService>();
        services.AddSingleton<GrpcBrokerService>();
        AddTable<ProviderService>(services, "tfplugin6.Provider", PluginServiceMethods.Provider);
        AddTable<GrpcControllerService>(services, "plugin.GRPCController", PluginServiceMethods.Controller);
        AddTable<GrpcStdioService>(services, "plugin.GRPCStdio", PluginServiceMethods.Stdio);
        AddTable<GrpcBrokerService>(services, "plugin.GRPCBroker", PluginServiceMethods.Broker);
        AddTable<HealthServiceImpl>(services, "grpc.health.v1.Health", PluginServiceMethods.Health);
        return services;
    }

    private static void AddTable<[DynamicallyAccessedMembers(GrpcService.Members)] TService>(
        IServiceCollection services, string serviceName, Action<ServiceMethodTable<TService>> table)
        where TService : class =>
        services.AddSingleton<IServiceMethodProvider<TService>>(new TableServiceMethodProvider<TService>(serviceName, table));

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
