using System.Globalization;
using System.Text.RegularExpressions;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.FixtureProvider;

/// <summary><c>fixture_thing</c>: every attribute kind, computed values, a write-only secret, import by id.</summary>
public sealed partial class ThingResource : IResourceWithConfigure, IResourceWithImportState, IResourceWithUpgradeState
{
    private ThingStore? _store;

    public static Schema ThingSchema { get; } = new()
    {
        Version = 1,
        MarkdownDescription = "A thing kept in a JSON file.",
        Attributes = new Dictionary<string, Schemas.Attribute>
        {
            ["id"] = new StringAttribute { Computed = true, PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["name"] = new StringAttribute
            {
                Required = true,
                PlanModifiers = [PlanModifiers.RequiresReplace()],
                Validators = [Validators.StringLengthBetween(1, 63), Validators.StringMatches(NamePattern(), "lower-case letters, digits and dashes")],
            },
            ["description"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("none") },
            ["mode"] = new StringAttribute { Optional = true, Validators = [Validators.StringOneOf("fast", "safe")] },
            ["size"] = new Int64Attribute { Optional = true, Validators = [Validators.Int64Between(0, 1000)] },
            ["big"] = new NumberAttribute { Optional = true },
            ["enabled"] = new BoolAttribute { Optional = true },
            ["ports"] = new ListAttribute { Optional = true, ElementType = CtyType.Number },
            ["labels"] = new SetAttribute { Optional = true, ElementType = CtyType.String },
            ["tags"] = new MapAttribute { Optional = true, ElementType = CtyType.String },
            ["settings"] = new ObjectAttribute
            {
                Optional = true,
                AttributeTypes = new Dictionary<string, CtyType> { ["level"] = CtyType.Number, ["tier"] = CtyType.String },
            },
            ["extra"] = new DynamicAttribute { Optional = true },
            ["password"] = new StringAttribute { Optional = true, Sensitive = true },
            ["secret_wo"] = new StringAttribute { Optional = true, WriteOnly = true, Sensitive = true },
            ["secret_wo_seen"] = new BoolAttribute { Computed = true, Description = "True when the last create/update received secret_wo." },
            ["created_at"] = new StringAttribute { Computed = true, PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
            ["revision"] = new NumberAttribute { Computed = true },
            ["single"] = new SingleNestedAttribute
            {
                Optional = true,
                Attributes = new Dictionary<string, Schemas.Attribute>
                {
                    ["a"] = new StringAttribute { Optional = true },
                    ["b"] = new NumberAttribute { Optional = true },
                },
            },
            ["items"] = new ListNestedAttribute
            {
                Optional = true,
                Attributes = new Dictionary<string, Schemas.Attribute>
                {
                    ["key"] = new StringAttribute { Required = true },
                    ["value"] = new StringAttribute { Optional = true },
                },
            },
            ["members"] = new SetNestedAttribute
            {
                Optional = true,
                Attributes = new Dictionary<string, Schemas.Attribute> { ["name"] = new StringAttribute { Required = true } },
            },
            ["by_name"] = new MapNestedAttribute
            {
                Optional = true,
                Attributes = new Dictionary<string, Schemas.Attribute> { ["port"] = new NumberAttribute { Optional = true } },
            },
        },
        Blocks = new Dictionary<string, Block>
        {
            ["rule"] = new()
            {
                Nesting = BlockNesting.List,
                MaxItems = 5,
                Attributes = new Dictionary<string, Schemas.Attribute>
                {
                    ["action"] = new StringAttribute { Required = true },
                    ["priority"] = new NumberAttribute { Optional = true },
                },
            },
        },
    };

    public void Metadata(ResourceMetadataRequest request, ResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_thing";

    public void Schema(ResourceSchemaRequest request, ResourceSchemaResponse response) => response.Schema = ThingSchema;

    public void Configure(ResourceConfigureRequest request, ResourceConfigureResponse response) => _store = request.ProviderData as ThingStore;

    public Task CreateAsync(CreateRequest request, CreateResponse response, CancellationToken cancellationToken)
    {
        if (_store is null) return NotConfigured(response.Diagnostics);
        var id = "thing-" + Guid.NewGuid().ToString("N")[..12];
        var state = request.Plan
            .WithAttribute("id", CtyValue.String(id))
            .WithAttribute("created_at", CtyValue.String(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)))
            .WithAttribute("revision", CtyValue.Number(1))
            .WithAttribute("secret_wo_seen", CtyValue.Bool(!request.Config["secret_wo"].IsNull));
        _store.Save(id, state.WithAttribute("secret_wo", CtyValue.Null(CtyType.String)), ThingSchema.ImpliedType);
        response.State = state;
        return Task.CompletedTask;
    }

    public Task ReadAsync(ReadRequest request, ReadResponse response, CancellationToken cancellationToken)
    {
        if (_store is null) return NotConfigured(response.Diagnostics);
        var stored = _store.Load(request.State["id"].AsString(), ThingSchema.ImpliedType);
        if (stored is null) response.RemoveResource();
        else response.State = stored;
        return Task.CompletedTask;
    }

    public Task UpdateAsync(UpdateRequest request, UpdateResponse response, CancellationToken cancellationToken)
    {
        if (_store is null) return NotConfigured(response.Diagnostics);
        var previous = request.State["revision"].AsNumber().TryGetInt64(out var r) ? r : 0;
        var state = request.Plan
            .WithAttribute("revision", CtyValue.Number(previous + 1))
            .WithAttribute("secret_wo_seen", CtyValue.Bool(!request.Config["secret_wo"].IsNull));
        _store.Save(state["id"].AsString(), state, ThingSchema.ImpliedType);
        response.State = state;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(DeleteRequest request, DeleteResponse response, CancellationToken cancellationToken)
    {
        if (_store is null) return NotConfigured(response.Diagnostics);
        _store.Delete(request.State["id"].AsString());
        return Task.CompletedTask;
    }

    public Task ImportStateAsync(ImportStateRequest request, ImportStateResponse response, CancellationToken cancellationToken)
    {
        response.PassthroughId("id", request.Id);
        return Task.CompletedTask;
    }

    /// <summary>Version 0 had <c>label</c> where version 1 has <c>description</c>.</summary>
    public IReadOnlyDictionary<long, StateUpgrader> StateUpgraders() => new Dictionary<long, StateUpgrader>
    {
        [0] = new StateUpgrader
        {
            PriorSchema = new Schema
            {
                Attributes = new Dictionary<string, Schemas.Attribute>
                {
                    ["id"] = new StringAttribute { Computed = true },
                    ["name"] = new StringAttribute { Required = true },
                    ["label"] = new StringAttribute { Optional = true },
                },
            },
            Upgrade = (request, response, _) =>
            {
                var prior = request.PriorState!;
                var type = ThingSchema.ImpliedType;
                response.State = CtyValue.Object(type, type.AttributeTypes.Select(a => new KeyValuePair<string, CtyValue>(a.Key, a.Key switch
                {
                    "id" => prior["id"],
                    "name" => prior["name"],
                    "description" => prior["label"].IsNull ? CtyValue.String("none") : prior["label"],
                    _ => CtyValue.Null(a.Value),
                })));
                return Task.CompletedTask;
            },
        },
    };

    private static Task NotConfigured(Terraform.Plugin.Diagnostics.DiagnosticBag diagnostics)
    {
        diagnostics.AddError("Provider not configured", "The fixture provider has no state directory.");
        return Task.CompletedTask;
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex NamePattern();
}
