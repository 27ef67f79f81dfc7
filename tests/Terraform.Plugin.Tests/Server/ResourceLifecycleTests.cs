using Terraform.Plugin.FixtureProvider;
using Terraform.Plugin.Values;
using Tfplugin6;
using static Terraform.Plugin.Tests.Server.InProcessServer;

namespace Terraform.Plugin.Tests.Server;

/// <summary>Plan/apply/read/import rules of the server, driven over gRPC with the fixture provider.</summary>
public sealed class ResourceLifecycleTests : IAsyncLifetime
{
    private const string Thing = "fixture_thing";
    private static readonly ObjectType ThingType = ThingResource.ThingSchema.ImpliedType;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("fixture-state-").FullName;
    private InProcessServer _server = null!;

    private static ClientCapabilities Caps => new() { WriteOnlyAttributesAllowed = true, DeferralAllowed = false };

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(() => new FixtureProvider.FixtureProvider());
        var providerType = CtyType.Object([new("state_dir", CtyType.String)]);
        var configured = await _server.Client.ConfigureProviderAsync(new ConfigureProvider.Types.Request
        {
            TerraformVersion = "1.11.4",
            Config = Dv(CtyValue.Object(providerType, [new("state_dir", CtyValue.String(_stateDir))]), providerType),
            ClientCapabilities = Caps,
        });
        Assert.Empty(configured.Diagnostics);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    private static CtyValue Config(params (string, CtyValue)[] extra) =>
        Object(ThingType, [("name", CtyValue.String("alpha")), .. extra]);

    private async Task<PlanResourceChange.Types.Response> PlanAsync(CtyValue prior, CtyValue proposed, CtyValue config) =>
        await _server.Client.PlanResourceChangeAsync(new PlanResourceChange.Types.Request
        {
            TypeName = Thing,
            PriorState = Dv(prior, ThingType),
            ProposedNewState = Dv(proposed, ThingType),
            Config = Dv(config, ThingType),
            ClientCapabilities = Caps,
        });

    private async Task<ApplyResourceChange.Types.Response> ApplyAsync(CtyValue prior, CtyValue planned, CtyValue config) =>
        await _server.Client.ApplyResourceChangeAsync(new ApplyResourceChange.Types.Request
        {
            TypeName = Thing,
            PriorState = Dv(prior, ThingType),
            PlannedState = Dv(planned, ThingType),
            Config = Dv(config, ThingType),
        });

    /// <summary>Terraform's proposed new state: configuration, with prior values for computed attributes left null.</summary>
    private static CtyValue Proposed(CtyValue prior, CtyValue config)
    {
        if (prior.IsNull) return config;
        var result = config;
        foreach (var (name, attribute) in ThingResource.ThingSchema.Attributes)
        {
            if (attribute.Computed && config[name].IsNull) result = result.WithAttribute(name, prior[name]);
        }

        return result;
    }

    private async Task<CtyValue> CreateAsync(CtyValue config)
    {
        var plan = await PlanAsync(CtyValue.Null(ThingType), config, config);
        Assert.Empty(plan.Diagnostics);
        var applied = await ApplyAsync(CtyValue.Null(ThingType), Decode(plan.PlannedState, ThingType), config);
        Assert.Empty(applied.Diagnostics);
        return Decode(applied.NewState, ThingType);
    }

    [Fact]
    public async Task PlanCreate_MarksComputedUnknown_AppliesDefaults_AndNullsWriteOnly()
    {
        var config = Config(("secret_wo", CtyValue.String("hunter2")), ("size", CtyValue.Number(3)));
        var plan = await PlanAsync(CtyValue.Null(ThingType), config, config);

        Assert.Empty(plan.Diagnostics);
        Assert.Empty(plan.RequiresReplace);
        var planned = Decode(plan.PlannedState, ThingType);
        foreach (var computed in new[] { "id", "created_at", "revision", "secret_wo_seen" })
        {
            Assert.False(planned[computed].IsKnown, computed + " should be unknown");
        }

        Assert.Equal(CtyValue.String("none"), planned["description"]);
        Assert.True(planned["secret_wo"].IsNull);
        Assert.Equal(CtyValue.String("alpha"), planned["name"]);
        Assert.Equal(CtyValue.Number(3), planned["size"]);
    }

    [Fact]
    public async Task Apply_Create_FillsUnknowns_KeepsPlannedValues_WriteOnlyReachesCreateButNotState()
    {
        var config = Config(("secret_wo", CtyValue.String("hunter2")), ("big", CtyValue.Number(CtyNumber.Parse("123456789012345678901234567890.5"))),
            ("tags", CtyValue.Map(CtyType.String, [new("env", CtyValue.String("test"))])));
        var state = await CreateAsync(config);

        Assert.True(state.IsWhollyKnown);
        Assert.StartsWith("thing-", state["id"].AsString(), StringComparison.Ordinal);
        Assert.True(state["secret_wo"].IsNull);
        Assert.Equal(CtyValue.Bool(true), state["secret_wo_seen"]);
        Assert.Equal(CtyNumber.Parse("123456789012345678901234567890.5"), state["big"].AsNumber());
        Assert.Equal(CtyValue.String("none"), state["description"]);
        var stored = await File.ReadAllTextAsync(Path.Combine(_stateDir, state["id"].AsString() + ".json"));
        Assert.DoesNotContain("hunter2", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanUpdate_WithoutChanges_IsThePriorState()
    {
        var config = Config(("mode", CtyValue.String("fast")));
        var state = await CreateAsync(config);
        var plan = await PlanAsync(state, Proposed(state, config), config);
        Assert.Empty(plan.Diagnostics);
        Assert.Empty(plan.RequiresReplace);
        Assert.Equal(state, Decode(plan.PlannedState, ThingType));
    }

    [Fact]
    public async Task PlanUpdate_WithChange_KeepsUseStateForUnknown_MarksOtherComputedUnknown()
    {
        var state = await CreateAsync(Config(("mode", CtyValue.String("fast"))));
        var config = Config(("mode", CtyValue.String("safe")));
        var plan = await PlanAsync(state, Proposed(state, config), config);

        Assert.Empty(plan.Diagnostics);
        Assert.Empty(plan.RequiresReplace);
        var planned = Decode(plan.PlannedState, ThingType);
        Assert.Equal(state["id"], planned["id"]);
        Assert.Equal(state["created_at"], planned["created_at"]);
        Assert.False(planned["revision"].IsKnown);
        Assert.Equal(CtyValue.String("safe"), planned["mode"]);

        var applied = await ApplyAsync(state, planned, config);
        Assert.Empty(applied.Diagnostics);
        var updated = Decode(applied.NewState, ThingType);
        Assert.Equal(CtyValue.Number(2), updated["revision"]);
        Assert.Equal(CtyValue.Bool(false), updated["secret_wo_seen"]);
    }

    [Fact]
    public async Task PlanUpdate_ChangingName_RequiresReplace()
    {
        var state = await CreateAsync(Config());
        var config = Object(ThingType, ("name", CtyValue.String("beta")));
        var plan = await PlanAsync(state, Proposed(state, config), config);
        Assert.Empty(plan.Diagnostics);
        var path = Assert.Single(plan.RequiresReplace);
        Assert.Equal("name", Assert.Single(path.Steps).AttributeName);
    }

    [Fact]
    public async Task Read_ReturnsStoredObject_AndNullWhenGone()
    {
        var state = await CreateAsync(Config(("enabled", CtyValue.Bool(true))));
        var read = await _server.Client.ReadResourceAsync(new ReadResource.Types.Request { TypeName = Thing, CurrentState = Dv(state, ThingType) });
        Assert.Empty(read.Diagnostics);
        Assert.Equal(state, Decode(read.NewState, ThingType));

        File.Delete(Path.Combine(_stateDir, state["id"].AsString() + ".json"));
        read = await _server.Client.ReadResourceAsync(new ReadResource.Types.Request { TypeName = Thing, CurrentState = Dv(state, ThingType) });
        Assert.Empty(read.Diagnostics);
        Assert.True(Decode(read.NewState, ThingType).IsNull);
    }

    [Fact]
    public async Task Import_ThenRead_ReproducesState()
    {
        var state = await CreateAsync(Config(("ports", CtyValue.List(CtyType.Number, [CtyValue.Number(80), CtyValue.Number(443)]))));
        var imported = await _server.Client.ImportResourceStateAsync(new ImportResourceState.Types.Request
        {
            TypeName = Thing, Id = state["id"].AsString(), ClientCapabilities = Caps,
        });
        Assert.Empty(imported.Diagnostics);
        var resource = Assert.Single(imported.ImportedResources);
        Assert.Equal(Thing, resource.TypeName);
        var stub = Decode(resource.State, ThingType);
        Assert.Equal(state["id"], stub["id"]);
        Assert.True(stub["name"].IsNull);

        var read = await _server.Client.ReadResourceAsync(new ReadResource.Types.Request { TypeName = Thing, CurrentState = resource.State });
        Assert.Equal(state, Decode(read.NewState, ThingType));
    }

    [Fact]
    public async Task Apply_Delete_ReturnsNullState_AndRemovesObject()
    {
        var state = await CreateAsync(Config());
        var applied = await ApplyAsync(state, CtyValue.Null(ThingType), CtyValue.Null(ThingType));
        Assert.Empty(applied.Diagnostics);
        Assert.True(Decode(applied.NewState, ThingType).IsNull);
        Assert.False(File.Exists(Path.Combine(_stateDir, state["id"].AsString() + ".json")));
    }

    [Fact]
    public async Task UpgradeResourceState_SameVersion_DropsRemovedAttributes()
    {
        var state = await CreateAsync(Config());
        var json = System.Text.Json.Nodes.JsonNode.Parse(CtyJson.Encode(state, ThingType))!.AsObject();
        json["attribute_from_an_older_release"] = "x";
        var upgraded = await _server.Client.UpgradeResourceStateAsync(new UpgradeResourceState.Types.Request
        {
            TypeName = Thing,
            Version = ThingResource.ThingSchema.Version,
            RawState = new RawState { Json = Google.Protobuf.ByteString.CopyFromUtf8(json.ToJsonString()) },
        });
        Assert.Empty(upgraded.Diagnostics);
        Assert.Equal(state, Decode(upgraded.UpgradedState, ThingType));
    }

    [Fact]
    public async Task UpgradeResourceState_OlderVersion_UsesTheUpgrader()
    {
        var upgraded = await _server.Client.UpgradeResourceStateAsync(new UpgradeResourceState.Types.Request
        {
            TypeName = Thing,
            Version = 0,
            RawState = new RawState { Json = Google.Protobuf.ByteString.CopyFromUtf8("""{"id":"thing-old","name":"alpha","label":"legacy"}""") },
        });
        Assert.Empty(upgraded.Diagnostics);
        var state = Decode(upgraded.UpgradedState, ThingType);
        Assert.Equal(CtyValue.String("thing-old"), state["id"]);
        Assert.Equal(CtyValue.String("legacy"), state["description"]);

        var future = await _server.Client.UpgradeResourceStateAsync(new UpgradeResourceState.Types.Request
        {
            TypeName = Thing,
            Version = 7,
            RawState = new RawState { Json = Google.Protobuf.ByteString.CopyFromUtf8("""{"id":"x"}""") },
        });
        Assert.Equal(Diagnostic.Types.Severity.Error, Assert.Single(future.Diagnostics).Severity);
    }

    [Fact]
    public async Task ReadDataSource_FindsStoredThing()
    {
        var state = await CreateAsync(Config());
        var type = CtyType.Object([new("id", CtyType.String), new("found", CtyType.Bool), new("name", CtyType.String)]);
        var config = Object(type, ("id", state["id"]));
        var read = await _server.Client.ReadDataSourceAsync(new ReadDataSource.Types.Request { TypeName = "fixture_thing_lookup", Config = Dv(config, type) });
        Assert.Empty(read.Diagnostics);
        var result = Decode(read.State, type);
        Assert.Equal(CtyValue.Bool(true), result["found"]);
        Assert.Equal(CtyValue.String("alpha"), result["name"]);
    }
}
