using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Terraform.Plugin.Hosting;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Tests.Server;

/// <summary>A provider's gRPC services hosted in-process (TestServer) with a tfplugin6 client.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private InProcessServer(WebApplication app, GrpcChannel channel)
    {
        _app = app;
        _channel = channel;
        Client = new Tfplugin6.Provider.ProviderClient(channel);
    }

    public Tfplugin6.Provider.ProviderClient Client { get; }

    public static async Task<InProcessServer> StartAsync(Func<IProvider> provider)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        builder.Services.AddTerraformPlugin(provider);
        var app = builder.Build();
        app.MapTerraformPlugin();
        await app.StartAsync();
        var server = app.GetTestServer();
        var channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        return new InProcessServer(app, channel);
    }

    public static Tfplugin6.DynamicValue Dv(CtyValue value, CtyType type) => new() { Msgpack = ByteString.CopyFrom(CtyMsgPack.Encode(value, type)) };

    public static CtyValue Decode(Tfplugin6.DynamicValue value, CtyType type) =>
        value is null || value.Msgpack.IsEmpty ? CtyValue.Null(type) : CtyMsgPack.Decode(value.Msgpack.Memory, type);

    /// <summary>An object of <paramref name="type"/> with the given attributes and every other attribute null.</summary>
    public static CtyValue Object(ObjectType type, params (string Name, CtyValue Value)[] attributes)
    {
        var given = new Dictionary<string, CtyValue>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes) given[name] = value;
        return CtyValue.Object(type, type.AttributeTypes.Select(a =>
            new KeyValuePair<string, CtyValue>(a.Key, given.TryGetValue(a.Key, out var v) ? v : CtyValue.Null(a.Value))));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
