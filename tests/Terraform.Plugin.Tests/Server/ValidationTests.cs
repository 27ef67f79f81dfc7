using Terraform.Plugin.FixtureProvider;
using Terraform.Plugin.Values;
using Tfplugin6;
using static Terraform.Plugin.Tests.Server.InProcessServer;

namespace Terraform.Plugin.Tests.Server;

/// <summary>Schema conversion and validate-time rules.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private static readonly ObjectType ThingType = ThingResource.ThingSchema.ImpliedType;
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(() => new FixtureProvider.FixtureProvider());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<ValidateResourceConfig.Types.Response> ValidateAsync(CtyValue config, bool writeOnlyAllowed = true) =>
        await _server.Client.ValidateResourceConfigAsync(new ValidateResourceConfig.Types.Request
        {
            TypeName = "fixture_thing",
            Config = Dv(config, ThingType),
            ClientCapabilities = new ClientCapabilities { WriteOnlyAttributesAllowed = writeOnlyAllowed },
        });

    [Fact]
    public async Task GetProviderSchema_DescribesEveryAttributeKind()
    {
        var response = await _server.Client.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());
        Assert.Empty(response.Diagnostics);
        Assert.NotNull(response.Provider);
        Assert.False(response.ServerCapabilities.PlanDestroy);
        Assert.True(response.ServerCapabilities.GetProviderSchemaOptional);
        Assert.True(response.ServerCapabilities.MoveResourceState);
        Assert.Contains("fixture_thing_lookup", response.DataSourceSchemas.Keys);
        Assert.Contains("fixture_secret", response.EphemeralResourceSchemas.Keys);

        var thing = response.ResourceSchemas["fixture_thing"];
        Assert.Equal(1, thing.Version);
        var attributes = thing.Block.Attributes.ToDictionary(a => a.Name);
        Assert.Equal(attributes.Keys.Order(StringComparer.Ordinal), attributes.Keys);
        Assert.Equal("\"string\"", attributes["name"].Type.ToStringUtf8());
        Assert.True(attributes["name"].Required);
        Assert.Equal("[\"list\",\"number\"]", attributes["ports"].Type.ToStringUtf8());
        Assert.Equal("[\"set\",\"string\"]", attributes["labels"].Type.ToStringUtf8());
        Assert.Equal("[\"map\",\"string\"]", attributes["tags"].Type.ToStringUtf8());
        Assert.Equal("[\"object\",{\"level\":\"number\",\"tier\":\"string\"}]", attributes["settings"].Type.ToStringUtf8());
        Assert.Equal("\"dynamic\"", attributes["extra"].Type.ToStringUtf8());
        Assert.True(attributes["secret_wo"].WriteOnly);
        Assert.True(attributes["password"].Sensitive);
        Assert.True(attributes["id"].Computed);
        Assert.False(attributes["id"].Optional);
        Assert.True(attributes["description"].Optional && attributes["description"].Computed);
        Assert.True(attributes["items"].Type.IsEmpty);
        Assert.Equal(Schema.Types.Object.Types.NestingMode.List, attributes["items"].NestedType.Nesting);
        Assert.Equal(Schema.Types.Object.Types.NestingMode.Set, attributes["members"].NestedType.Nesting);
        Assert.Equal(Schema.Types.Object.Types.NestingMode.Map, attributes["by_name"].NestedType.Nesting);
        Assert.Equal(Schema.Types.Object.Types.NestingMode.Single, attributes["single"].NestedType.Nesting);
        var rule = Assert.Single(thing.Block.BlockTypes);
        Assert.Equal("rule", rule.TypeName);
        Assert.Equal(Schema.Types.NestedBlock.Types.NestingMode.List, rule.Nesting);
        Assert.Equal(5, rule.MaxItems);
        Assert.Equal(StringKind.Markdown, thing.Block.DescriptionKind);
    }

    [Fact]
    public async Task ValidConfig_HasNoDiagnostics()
    {
        var response = await ValidateAsync(Object(ThingType, ("name", CtyValue.String("ok-name")), ("size", CtyValue.Number(10)), ("mode", CtyValue.String("safe"))));
        Assert.Empty(response.Diagnostics);
    }

    [Theory]
    [InlineData("name", "Not Valid")]
    [InlineData("mode", "turbo")]
    public async Task InvalidString_IsReportedAtItsPath(string attribute, string value)
    {
        var config = Object(ThingType, ("name", CtyValue.String("ok")), (attribute, CtyValue.String(value)));
        var diagnostic = Assert.Single((await ValidateAsync(config)).Diagnostics);
        Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Equal(attribute, Assert.Single(diagnostic.Attribute.Steps).AttributeName);
    }

    [Theory]
    [InlineData("2000")]
    [InlineData("1.5")]
    public async Task Int64Attribute_RejectsOutOfRangeAndFractions(string number)
    {
        var config = Object(ThingType, ("name", CtyValue.String("ok")), ("size", CtyValue.Number(CtyNumber.Parse(number))));
        var diagnostics = (await ValidateAsync(config)).Diagnostics;
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal("size", d.Attribute.Steps.Single().AttributeName));
    }

    [Fact]
    public async Task UnknownValues_AreNotValidated()
    {
        var config = Object(ThingType, ("name", CtyValue.Unknown(CtyType.String)), ("size", CtyValue.Unknown(CtyType.Number)));
        Assert.Empty((await ValidateAsync(config)).Diagnostics);
    }

    [Fact]
    public async Task WriteOnlyValue_WithoutClientSupport_IsAnError()
    {
        var config = Object(ThingType, ("name", CtyValue.String("ok")), ("secret_wo", CtyValue.String("s3cret")));
        Assert.Empty((await ValidateAsync(config, writeOnlyAllowed: true)).Diagnostics);
        var diagnostic = Assert.Single((await ValidateAsync(config, writeOnlyAllowed: false)).Diagnostics);
        Assert.Equal("secret_wo", diagnostic.Attribute.Steps.Single().AttributeName);
        Assert.DoesNotContain("s3cret", diagnostic.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownResourceType_IsADiagnosticNotAnRpcError()
    {
        var response = await _server.Client.ValidateResourceConfigAsync(new ValidateResourceConfig.Types.Request
        {
            TypeName = "fixture_nope",
            Config = Dv(CtyValue.Null(ThingType), ThingType),
        });
        Assert.Equal(Diagnostic.Types.Severity.Error, Assert.Single(response.Diagnostics).Severity);
    }

    [Fact]
    public async Task Functions_StopProvider_AndEphemeralRpcs_AnswerProperly()
    {
        var functions = await _server.Client.GetFunctionsAsync(new GetFunctions.Types.Request());
        Assert.Empty(functions.Functions);
        Assert.Empty(functions.Diagnostics);
        var call = await _server.Client.CallFunctionAsync(new CallFunction.Types.Request { Name = "nope" });
        Assert.Contains("nope", call.Error.Text, StringComparison.Ordinal);
        var stop = await _server.Client.StopProviderAsync(new StopProvider.Types.Request());
        Assert.Equal("", stop.Error);
        var ephemeral = await _server.Client.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request { TypeName = "fixture_x" });
        Assert.Equal(Diagnostic.Types.Severity.Error, Assert.Single(ephemeral.Diagnostics).Severity);
        var identities = await _server.Client.GetResourceIdentitySchemasAsync(new GetResourceIdentitySchemas.Types.Request());
        Assert.Empty(identities.IdentitySchemas);
        var metadata = await _server.Client.GetMetadataAsync(new GetMetadata.Types.Request());
        Assert.Contains(metadata.Resources, r => r.TypeName == "fixture_thing");
    }
}
