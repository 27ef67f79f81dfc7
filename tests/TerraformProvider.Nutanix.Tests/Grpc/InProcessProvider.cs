using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Terraform.Plugin.Hosting;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Tests.Grpc;

/// <summary>The nutanix provider served over tfplugin6 gRPC (plaintext h2c) on a free loopback port, in process.</summary>
internal sealed class InProcessProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private InProcessProvider(WebApplication app, string address)
    {
        _app = app;
        _channel = GrpcChannel.ForAddress(address);
        Client = new Tfplugin6.Provider.ProviderClient(_channel);
    }

    public Tfplugin6.Provider.ProviderClient Client { get; }

    public static async Task<InProcessProvider> StartAsync(Func<string, string?>? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddTerraformPlugin(() => new NutanixProvider(null, environment ?? (_ => null)));
        var app = builder.Build();
        app.MapTerraformPlugin();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessProvider(app, address);
    }

    public static Tfplugin6.DynamicValue Dynamic(CtyValue value, CtyType type) => new() { Msgpack = ByteString.CopyFrom(CtyMsgPack.Encode(value, type)) };

    /// <summary>An object of <paramref name="schema"/>'s type: the given attributes, null for the rest.</summary>
    public static CtyValue Object(Schema schema, IReadOnlyDictionary<string, CtyValue> values)
    {
        var type = schema.ImpliedType;
        return CtyValue.Object(type, type.AttributeTypes.Select(a => KeyValuePair.Create(a.Key, values.TryGetValue(a.Key, out var v) ? v : CtyValue.Null(a.Value))));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
