using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Resources;

namespace TerraformProvider.Nutanix.Tests.Grpc;

/// <summary>The provider over tfplugin6 gRPC: schema, attribute-path validation, planning with an unknown kubeconfig.</summary>
public sealed class ProviderGrpcTests
{
    private static Schema ProviderSchema()
    {
        var response = new ProviderSchemaResponse();
        new NutanixProvider().Schema(new ProviderSchemaRequest(), response);
        return response.Schema;
    }

    [Fact]
    public async Task Schema_OffersResourcesAndDataSources_PasswordIsWriteOnlyAndSensitive()
    {
        await using var provider = await InProcessProvider.StartAsync();
        var schema = await provider.Client.GetProviderSchemaAsync(new Tfplugin6.GetProviderSchema.Types.Request());
        Assert.Empty(schema.Diagnostics);
        Assert.Contains("nutanix_pcg", schema.ResourceSchemas.Keys);
        Assert.Contains("nutanix_cloud_account", schema.ResourceSchemas.Keys);
        Assert.Contains("nutanix_prism_element_cluster", schema.DataSourceSchemas.Keys);
        Assert.Contains("nutanix_subnet", schema.DataSourceSchemas.Keys);
        Assert.Contains("nutanix_image", schema.DataSourceSchemas.Keys);
        var password = schema.ResourceSchemas["nutanix_cloud_account"].Block.Attributes.Single(a => a.Name == "password_wo");
        Assert.True(password.WriteOnly);
        Assert.True(password.Sensitive);
        var kubeconfig = schema.Provider.Block.Attributes.Single(a => a.Name == "kubeconfig");
        Assert.True(kubeconfig.Sensitive);
    }

    [Theory]
    [InlineData("endpoint", "pc.example.com:9440", "put the port in the port attribute")]
    [InlineData("endpoint", "https://pc.example.com", "has a scheme")]
    [InlineData("name", "-bad-", "is not a valid RFC 1123 name")]
    [InlineData("additional_trust_bundle", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "PEM bundle")]
    public async Task ValidateResourceConfig_PointsAtTheAttribute(string attribute, string value, string message)
    {
        await using var provider = await InProcessProvider.StartAsync();
        var values = new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String("pc"),
            ["pcg_id"] = CtyValue.String("gw/gw"),
            ["endpoint"] = CtyValue.String("pc.example.com"),
            ["username"] = CtyValue.String("admin"),
            ["password_wo"] = CtyValue.String("secret"),
            [attribute] = CtyValue.String(value),
        };
        var config = InProcessProvider.Object(CloudAccountSchema.Schema, values);
        var response = await provider.Client.ValidateResourceConfigAsync(new Tfplugin6.ValidateResourceConfig.Types.Request
        {
            TypeName = "nutanix_cloud_account",
            Config = InProcessProvider.Dynamic(config, CloudAccountSchema.Schema.ImpliedType),
        });
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(Tfplugin6.Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Contains(message, diagnostic.Detail + diagnostic.Summary, StringComparison.Ordinal);
        Assert.Equal(attribute, Assert.Single(diagnostic.Attribute.Steps).AttributeName);
    }

    [Fact]
    public async Task ValidateResourceConfig_RejectsPasswordAndApiKeyTogether()
    {
        await using var provider = await InProcessProvider.StartAsync();
        var config = InProcessProvider.Object(CloudAccountSchema.Schema, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String("pc"),
            ["pcg_id"] = CtyValue.String("gw/gw"),
            ["endpoint"] = CtyValue.String("10.0.0.10"),
            ["username"] = CtyValue.String("admin"),
            ["password_wo"] = CtyValue.String("secret"),
            ["api_key_wo"] = CtyValue.String("key"),
        });
        var response = await provider.Client.ValidateResourceConfigAsync(new Tfplugin6.ValidateResourceConfig.Types.Request
        {
            TypeName = "nutanix_cloud_account",
            Config = InProcessProvider.Dynamic(config, CloudAccountSchema.Schema.ImpliedType),
        });
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal("api_key_wo", Assert.Single(diagnostic.Attribute.Steps).AttributeName);
    }

    [Fact]
    public async Task UnknownKubeconfigAtPlanTime_ConfiguresAndPlansWithoutContactingTheCluster()
    {
        await using var provider = await InProcessProvider.StartAsync();
        var providerSchema = ProviderSchema();
        var providerConfig = InProcessProvider.Object(providerSchema, new Dictionary<string, CtyValue>
        {
            ["kubeconfig"] = CtyValue.Unknown(CtyType.String),
        });
        var configured = await provider.Client.ConfigureProviderAsync(new Tfplugin6.ConfigureProvider.Types.Request
        {
            TerraformVersion = "1.11.4",
            Config = InProcessProvider.Dynamic(providerConfig, providerSchema.ImpliedType),
        });
        Assert.Empty(configured.Diagnostics);

        var schema = CloudAccountSchema.Schema;
        var config = InProcessProvider.Object(schema, new Dictionary<string, CtyValue>
        {
            ["name"] = CtyValue.String("pc"),
            ["pcg_id"] = CtyValue.String("gw/gw"),
            ["endpoint"] = CtyValue.String("10.0.0.10"),
            ["username"] = CtyValue.String("admin"),
            ["password_wo"] = CtyValue.String("secret"),
        });
        var plan = await provider.Client.PlanResourceChangeAsync(new Tfplugin6.PlanResourceChange.Types.Request
        {
            TypeName = "nutanix_cloud_account",
            PriorState = InProcessProvider.Dynamic(CtyValue.Null(schema.ImpliedType), schema.ImpliedType),
            ProposedNewState = InProcessProvider.Dynamic(config.WithAttribute("password_wo", CtyValue.Null(CtyType.String)), schema.ImpliedType),
            Config = InProcessProvider.Dynamic(config, schema.ImpliedType),
        });
        Assert.Empty(plan.Diagnostics);
        var planned = CtyMsgPack.Decode(plan.PlannedState.Msgpack.Memory, schema.ImpliedType);
        Assert.False(planned["id"].IsKnown);
        Assert.Equal(9440, planned["port"].AsNumber().TryGetInt64(out var port) ? port : 0);
        Assert.False(planned["insecure"].AsBool());
        Assert.True(planned["password_wo"].IsNull);
    }

    [Fact]
    public async Task Pcg_PlansNamespaceFromName()
    {
        await using var provider = await InProcessProvider.StartAsync();
        var providerSchema = ProviderSchema();
        await provider.Client.ConfigureProviderAsync(new Tfplugin6.ConfigureProvider.Types.Request
        {
            TerraformVersion = "1.11.4",
            Config = InProcessProvider.Dynamic(InProcessProvider.Object(providerSchema, new Dictionary<string, CtyValue>()), providerSchema.ImpliedType),
        });
        var schema = PcgSchema.Schema;
        var config = InProcessProvider.Object(schema, new Dictionary<string, CtyValue> { ["name"] = CtyValue.String("edge-1") });
        var plan = await provider.Client.PlanResourceChangeAsync(new Tfplugin6.PlanResourceChange.Types.Request
        {
            TypeName = "nutanix_pcg",
            PriorState = InProcessProvider.Dynamic(CtyValue.Null(schema.ImpliedType), schema.ImpliedType),
            ProposedNewState = InProcessProvider.Dynamic(config, schema.ImpliedType),
            Config = InProcessProvider.Dynamic(config, schema.ImpliedType),
        });
        Assert.Empty(plan.Diagnostics);
        var planned = CtyMsgPack.Decode(plan.PlannedState.Msgpack.Memory, schema.ImpliedType);
        Assert.Equal("edge-1", planned["namespace"].AsString());
        Assert.True(planned["wait"].AsBool());
        Assert.False(planned["status"].IsKnown);
    }
}
