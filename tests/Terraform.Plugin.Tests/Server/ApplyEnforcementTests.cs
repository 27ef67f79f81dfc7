using Terraform.Plugin.DataSources;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using Tfplugin6;
using static Terraform.Plugin.Tests.Server.InProcessServer;

namespace Terraform.Plugin.Tests.Server;

/// <summary>The server refuses apply results Terraform would reject, and says where the provider went wrong.</summary>
public sealed class ApplyEnforcementTests
{
    private static readonly Schemas.Schema WidgetSchema = new()
    {
        Attributes = new Dictionary<string, Schemas.Attribute>
        {
            ["id"] = new StringAttribute { Computed = true },
            ["name"] = new StringAttribute { Required = true },
            ["token"] = new StringAttribute { Optional = true, WriteOnly = true },
        },
    };

    private static readonly ObjectType WidgetType = WidgetSchema.ImpliedType;

    [Theory]
    [InlineData(Misbehaviour.LeaveUnknown, "id")]
    [InlineData(Misbehaviour.ChangeKnownValue, "name")]
    public async Task InvalidCreateResults_BecomeErrorsAtThePath(Misbehaviour misbehaviour, string path)
    {
        await using var server = await InProcessServer.StartAsync(() => new WidgetProvider(misbehaviour));
        var config = Object(WidgetType, ("name", CtyValue.String("w")));
        var planned = Object(WidgetType, ("name", CtyValue.String("w")), ("id", CtyValue.Unknown(CtyType.String)));
        var response = await server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = "widget_widget",
            PriorState = Dv(CtyValue.Null(WidgetType), WidgetType),
            PlannedState = Dv(planned, WidgetType),
            Config = Dv(config, WidgetType),
        });
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Equal(path, Assert.Single(diagnostic.Attribute.Steps).AttributeName);
    }

    [Fact]
    public async Task WriteOnlyEchoedIntoState_IsNulled()
    {
        await using var server = await InProcessServer.StartAsync(() => new WidgetProvider(Misbehaviour.EchoWriteOnly));
        var config = Object(WidgetType, ("name", CtyValue.String("w")), ("token", CtyValue.String("tok")));
        var planned = Object(WidgetType, ("name", CtyValue.String("w")), ("id", CtyValue.Unknown(CtyType.String)));
        var response = await server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = "widget_widget",
            PriorState = Dv(CtyValue.Null(WidgetType), WidgetType),
            PlannedState = Dv(planned, WidgetType),
            Config = Dv(config, WidgetType),
        });
        Assert.Empty(response.Diagnostics);
        var state = Decode(response.NewState, WidgetType);
        Assert.True(state["token"].IsNull);
        Assert.Equal(CtyValue.String("w-1"), state["id"]);
    }

    [Fact]
    public async Task ProviderException_BecomesErrorDiagnostic()
    {
        await using var server = await InProcessServer.StartAsync(() => new WidgetProvider(Misbehaviour.Throw));
        var config = Object(WidgetType, ("name", CtyValue.String("w")));
        var planned = Object(WidgetType, ("name", CtyValue.String("w")), ("id", CtyValue.Unknown(CtyType.String)));
        var response = await server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = "widget_widget",
            PriorState = Dv(CtyValue.Null(WidgetType), WidgetType),
            PlannedState = Dv(planned, WidgetType),
            Config = Dv(config, WidgetType),
        });
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Contains("remote system exploded", diagnostic.Detail, StringComparison.Ordinal);
        Assert.True(Decode(response.NewState, WidgetType).IsNull);
    }

    [Fact]
    public async Task StopProvider_CancelsInFlightOperations()
    {
        var provider = new WidgetProvider(Misbehaviour.WaitForCancellation);
        await using var server = await InProcessServer.StartAsync(() => provider);
        var config = Object(WidgetType, ("name", CtyValue.String("w")));
        var planned = Object(WidgetType, ("name", CtyValue.String("w")), ("id", CtyValue.Unknown(CtyType.String)));
        var apply = server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = "widget_widget",
            PriorState = Dv(CtyValue.Null(WidgetType), WidgetType),
            PlannedState = Dv(planned, WidgetType),
            Config = Dv(config, WidgetType),
        }).ResponseAsync;
        await provider.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.Client.StopProviderAsync(new StopProvider.Types.Request());
        var response = await apply.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("cancelled", Assert.Single(response.Diagnostics).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopProvider_StillReturnsTheStateRecordedBeforeTheCancellation()
    {
        // A create that recorded what it made and is then cut short by StopProvider: Terraform must get that state
        // back (to track the remote object) together with the error.
        var provider = new WidgetProvider(Misbehaviour.RecordThenWaitForCancellation);
        await using var server = await InProcessServer.StartAsync(() => provider);
        var config = Object(WidgetType, ("name", CtyValue.String("w")));
        var planned = Object(WidgetType, ("name", CtyValue.String("w")), ("id", CtyValue.Unknown(CtyType.String)));
        var apply = server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = "widget_widget",
            PriorState = Dv(CtyValue.Null(WidgetType), WidgetType),
            PlannedState = Dv(planned, WidgetType),
            Config = Dv(config, WidgetType),
        }).ResponseAsync;
        await provider.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await server.Client.StopProviderAsync(new StopProvider.Types.Request());
        var response = await apply.WaitAsync(TimeSpan.FromSeconds(10));
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Contains("cancelled", diagnostic.Summary, StringComparison.Ordinal);
        Assert.Equal(CtyValue.String("w-1"), Decode(response.NewState, WidgetType)["id"]);
    }

    public enum Misbehaviour
    {
        LeaveUnknown,
        ChangeKnownValue,
        EchoWriteOnly,
        Throw,
        WaitForCancellation,
        RecordThenWaitForCancellation,
    }

    private sealed class WidgetProvider(Misbehaviour misbehaviour) : IProvider
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response) => response.TypeName = "widget";

        public void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response)
        {
        }

        public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<Func<IResource>> Resources() => [() => new Widget(misbehaviour, Started)];

        public IReadOnlyList<Func<IDataSource>> DataSources() => [];
    }

    private sealed class Widget(Misbehaviour misbehaviour, TaskCompletionSource started) : IResource
    {
        public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_widget";

        public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = WidgetSchema;

        public async Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken)
        {
            switch (misbehaviour)
            {
                case Misbehaviour.LeaveUnknown:
                    return;
                case Misbehaviour.ChangeKnownValue:
                    response.State = response.State.WithAttribute("id", CtyValue.String("x")).WithAttribute("name", CtyValue.String("renamed"));
                    return;
                case Misbehaviour.EchoWriteOnly:
                    response.State = response.State.WithAttribute("id", CtyValue.String("w-1")).WithAttribute("token", request.Config["token"]);
                    return;
                case Misbehaviour.Throw:
                    throw new InvalidOperationException("remote system exploded");
                case Misbehaviour.RecordThenWaitForCancellation:
                    response.State = response.State.WithAttribute("id", CtyValue.String("w-1"));
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return;
                default:
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return;
            }
        }

        public Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
