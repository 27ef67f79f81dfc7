using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Hosting;

namespace Terraform.Plugin.Tests.Hosting;

/// <summary>The hand-kept method tables must route exactly the rpcs of the proto services, with their streaming shape.</summary>
public sealed class ServiceMethodTableTests
{
    [Fact]
    public async Task EveryRpcOfEveryServedService_IsRoutedWithItsStreamingShape()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.AddTerraformPlugin(() => throw new InvalidOperationException("routing must not need the provider"));
        await using var app = builder.Build();
        app.MapTerraformPlugin();

        var routed = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
            .OfType<GrpcMethodMetadata>()
            .Select(m => $"{m.Method.FullName} {m.Method.Type}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Google.Protobuf.Reflection.ServiceDescriptor[] services =
        [
            Tfplugin6.Provider.Descriptor,
            global::Plugin.GRPCController.Descriptor,
            global::Plugin.GRPCStdio.Descriptor,
            global::Plugin.GRPCBroker.Descriptor,
            Grpc.Health.V1.Health.Descriptor,
        ];
        var declared = services
            .SelectMany(s => s.Methods)
            .Where(m => m.Service.FullName != "grpc.health.v1.Health" || m.Name is "Check" or "Watch")
            .Select(m => $"/{m.Service.FullName}/{m.Name} {Shape(m)}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(declared, routed);
        Assert.True(declared.Count >= 39, $"expected the 34 tfplugin6 rpcs plus go-plugin and health, found {declared.Count}");
    }

    private static Grpc.Core.MethodType Shape(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => Grpc.Core.MethodType.Unary,
        (true, false) => Grpc.Core.MethodType.ClientStreaming,
        (false, true) => Grpc.Core.MethodType.ServerStreaming,
        _ => Grpc.Core.MethodType.DuplexStreaming,
    };
}
