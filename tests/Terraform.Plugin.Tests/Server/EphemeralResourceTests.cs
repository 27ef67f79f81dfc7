using System.Text;
using Google.Protobuf;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.FixtureProvider;
using Terraform.Plugin.Provider;
using Terraform.Plugin.Resources;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Server;
using Terraform.Plugin.Values;
using Tfplugin6;
using static Terraform.Plugin.Tests.Server.InProcessServer;
using DiagnosticBag = Terraform.Plugin.Diagnostics.DiagnosticBag;

namespace Terraform.Plugin.Tests.Server;

/// <summary>The ephemeral resource RPCs over gRPC with the fixture provider's <c>fixture_secret</c>.</summary>
public sealed class EphemeralResourceTests : IAsyncLifetime
{
    private const string Secret = "fixture_secret";
    private static readonly ObjectType SecretType = SecretEphemeralResource.SecretSchema.ImpliedType;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("fixture-ephemeral-").FullName;
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(() => new FixtureProvider.FixtureProvider());

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    private async Task ConfigureAsync()
    {
        var providerType = CtyType.Object([new("state_dir", CtyType.String)]);
        var configured = await _server.Client.ConfigureProviderAsync(new ConfigureProvider.Types.Request
        {
            TerraformVersion = "1.11.4",
            Config = Dv(CtyValue.Object(providerType, [new("state_dir", CtyValue.String(_stateDir))]), providerType),
        });
        Assert.Empty(configured.Diagnostics);
    }

    private async Task<OpenEphemeralResource.Types.Response> OpenAsync(CtyValue config, bool deferralAllowed = false) =>
        await _server.Client.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = Secret,
            Config = Dv(config, SecretType),
            ClientCapabilities = new ClientCapabilities { DeferralAllowed = deferralAllowed, WriteOnlyAttributesAllowed = true },
        });

    private string[] Journal() => File.ReadAllLines(Path.Combine(_stateDir, SecretEphemeralResource.JournalFile));

    [Fact]
    public async Task Schema_AndMetadata_ListTheEphemeralResource()
    {
        var schema = await _server.Client.GetProviderSchemaAsync(new GetProviderSchema.Types.Request());
        Assert.Empty(schema.Diagnostics);
        var secret = schema.EphemeralResourceSchemas[Secret];
        Assert.Equal(0, secret.Version);
        var attributes = secret.Block.Attributes.ToDictionary(a => a.Name);
        Assert.True(attributes["value"].Computed && attributes["value"].Sensitive);
        Assert.True(attributes["length"].Optional);
        Assert.DoesNotContain(Secret, schema.ResourceSchemas.Keys);
        Assert.DoesNotContain(Secret, schema.DataSourceSchemas.Keys);

        var metadata = await _server.Client.GetMetadataAsync(new GetMetadata.Types.Request());
        Assert.Equal(Secret, Assert.Single(metadata.EphemeralResources).TypeName);
    }

    [Fact]
    public async Task Validate_RunsSchemaValidatorsAndTheResourcesOwnChecks_AtTheAttributePath()
    {
        var tooShort = await _server.Client.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request
        {
            TypeName = Secret,
            Config = Dv(Object(SecretType, ("length", CtyValue.Number(3))), SecretType),
        });
        var diagnostic = Assert.Single(tooShort.Diagnostics);
        Assert.Equal("length", Assert.Single(diagnostic.Attribute.Steps).AttributeName);

        var emptyEcho = await _server.Client.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request
        {
            TypeName = Secret,
            Config = Dv(Object(SecretType, ("echo", CtyValue.String(""))), SecretType),
        });
        diagnostic = Assert.Single(emptyEcho.Diagnostics);
        Assert.Equal("Empty echo", diagnostic.Summary);
        Assert.Equal("echo", Assert.Single(diagnostic.Attribute.Steps).AttributeName);

        var unknown = await _server.Client.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request
        {
            TypeName = Secret,
            Config = Dv(Object(SecretType, ("echo", CtyValue.Unknown(CtyType.String)), ("length", CtyValue.Number(16))), SecretType),
        });
        Assert.Empty(unknown.Diagnostics);
    }

    [Fact]
    public async Task Open_ReturnsTheResultPrivateDataAndRenewAt_ThenRenewAndCloseGetThePrivateDataBack()
    {
        await ConfigureAsync();
        var before = DateTimeOffset.UtcNow;
        var opened = await OpenAsync(Object(SecretType, ("length", CtyValue.Number(20)), ("echo", CtyValue.String("hello"))));
        Assert.Empty(opened.Diagnostics);
        Assert.Null(opened.Deferred);
        var result = Decode(opened.Result, SecretType);
        Assert.Equal(20, result["value"].AsString().Length);
        Assert.Equal("hello", result["echoed"].AsString());
        Assert.Equal(20, result["length"].AsNumber().TryGetInt64(out var n) ? n : -1);
        Assert.True(opened.HasPrivate);
        var lease = Encoding.UTF8.GetString(opened.Private.Span);
        Assert.NotNull(opened.RenewAt);
        Assert.InRange(opened.RenewAt.ToDateTimeOffset(), before + SecretEphemeralResource.LeaseDuration - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + SecretEphemeralResource.LeaseDuration);
        Assert.Equal(["open " + lease], Journal());

        var renewed = await _server.Client.RenewEphemeralResourceAsync(new RenewEphemeralResource.Types.Request { TypeName = Secret, Private = opened.Private });
        Assert.Empty(renewed.Diagnostics);
        Assert.Equal(lease, Encoding.UTF8.GetString(renewed.Private.Span));
        Assert.True(renewed.RenewAt.ToDateTimeOffset() >= opened.RenewAt.ToDateTimeOffset());

        var closed = await _server.Client.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request { TypeName = Secret, Private = renewed.Private });
        Assert.Empty(closed.Diagnostics);
        Assert.Equal(["open " + lease, "renew " + lease, "close " + lease], Journal());
        Assert.DoesNotContain(result["value"].AsString(), File.ReadAllText(Path.Combine(_stateDir, SecretEphemeralResource.JournalFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Twice_GivesIndependentValues()
    {
        await ConfigureAsync();
        var first = Decode((await OpenAsync(Object(SecretType))).Result, SecretType)["value"].AsString();
        var second = Decode((await OpenAsync(Object(SecretType))).Result, SecretType)["value"].AsString();
        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Open_BeforeConfigure_DefersWhenTerraformAllowsIt_AndFailsOtherwise()
    {
        var deferred = await OpenAsync(Object(SecretType), deferralAllowed: true);
        Assert.Empty(deferred.Diagnostics);
        Assert.Equal(Deferred.Types.Reason.ProviderConfigUnknown, deferred.Deferred.Reason);
        Assert.Null(deferred.Result);
        Assert.False(deferred.HasPrivate);

        var refused = await OpenAsync(Object(SecretType), deferralAllowed: false);
        Assert.Null(refused.Deferred);
        Assert.Null(refused.Result);
        Assert.Equal("Provider not configured", Assert.Single(refused.Diagnostics).Summary);
    }

    [Fact]
    public async Task UnknownType_GetsAnErrorNamingIt_OnEveryRpc()
    {
        var validate = await _server.Client.ValidateEphemeralResourceConfigAsync(new ValidateEphemeralResourceConfig.Types.Request { TypeName = "fixture_nope" });
        var open = await _server.Client.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request { TypeName = "fixture_nope" });
        var renew = await _server.Client.RenewEphemeralResourceAsync(new RenewEphemeralResource.Types.Request { TypeName = "fixture_nope" });
        var close = await _server.Client.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request { TypeName = "fixture_nope", Private = ByteString.CopyFromUtf8("x") });
        foreach (var diagnostics in new[] { validate.Diagnostics, open.Diagnostics, renew.Diagnostics, close.Diagnostics })
        {
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
            Assert.Contains("\"fixture_nope\"", diagnostic.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SchemaChecks_RefuseWhatAnEphemeralSchemaCannotUse()
    {
        var schema = new Schemas.Schema
        {
            Version = 2,
            Attributes = new Dictionary<string, Schemas.Attribute>
            {
                ["wo"] = new StringAttribute { Optional = true, WriteOnly = true },
                ["defaulted"] = new StringAttribute { Optional = true, Computed = true, Default = CtyValue.String("x") },
                ["modified"] = new StringAttribute { Computed = true, PlanModifiers = [PlanModifiers.UseStateForUnknown()] },
                ["fine"] = new StringAttribute { Optional = true },
            },
        };
        var diagnostics = new DiagnosticBag();
        SchemaChecks.CheckEphemeral("ephemeral resource x", schema, diagnostics);
        var details = diagnostics.Select(d => d.Detail).ToList();
        Assert.Equal(4, details.Count);
        Assert.Contains(details, d => d.Contains("no version", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute wo:", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute defaulted:", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("attribute modified:", StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains("fine", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("defer", false, "Provider deferred an ephemeral resource Terraform cannot defer")]
    [InlineData("wrong-type", true, "Provider returned a value of the wrong type")]
    [InlineData("unknown", true, "Provider returned an unknown value")]
    [InlineData("null", true, "Provider returned no value")]
    [InlineData("throw", true, "OpenEphemeralResource failed")]
    public async Task Open_ThatBreaksTheProtocol_IsAnErrorAndSendsNoResult(string behaviour, bool deferralAllowed, string summary)
    {
        await using var server = await InProcessServer.StartAsync(() => new MisbehavingProvider(behaviour));
        var response = await server.Client.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = "bad_value",
            Config = Dv(Object(MisbehavingEphemeral.Type), MisbehavingEphemeral.Type),
            ClientCapabilities = new ClientCapabilities { DeferralAllowed = deferralAllowed },
        });
        var diagnostic = Assert.Single(response.Diagnostics);
        Assert.Equal(Diagnostic.Types.Severity.Error, diagnostic.Severity);
        Assert.Equal(summary, diagnostic.Summary);
        Assert.Null(response.Result);
        Assert.Null(response.Deferred);
        Assert.False(response.HasPrivate);
        Assert.Null(response.RenewAt);
    }

    [Fact]
    public async Task RenewAndClose_WithoutTheOptInInterfaces_AnswerWithNothing()
    {
        await using var server = await InProcessServer.StartAsync(() => new MisbehavingProvider("fine"));
        var renewed = await server.Client.RenewEphemeralResourceAsync(new RenewEphemeralResource.Types.Request { TypeName = "bad_value", Private = ByteString.CopyFromUtf8("p") });
        Assert.Empty(renewed.Diagnostics);
        Assert.Null(renewed.RenewAt);
        Assert.False(renewed.HasPrivate);
        var closed = await server.Client.CloseEphemeralResourceAsync(new CloseEphemeralResource.Types.Request { TypeName = "bad_value" });
        Assert.Empty(closed.Diagnostics);
        var opened = await server.Client.OpenEphemeralResourceAsync(new OpenEphemeralResource.Types.Request
        {
            TypeName = "bad_value",
            Config = Dv(Object(MisbehavingEphemeral.Type), MisbehavingEphemeral.Type),
        });
        Assert.Empty(opened.Diagnostics);
        Assert.Equal("ok", Decode(opened.Result, MisbehavingEphemeral.Type)["value"].AsString());
        Assert.Null(opened.RenewAt);
    }

    private sealed class MisbehavingProvider(string behaviour) : IProviderWithEphemeralResources
    {
        public void Metadata(ProviderMetadataRequest request, ProviderMetadataResponse response) => response.TypeName = "bad";

        public void Schema(ProviderSchemaRequest request, ProviderSchemaResponse response)
        {
        }

        public Task ConfigureAsync(ConfigureProviderRequest request, ConfigureProviderResponse response, CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<Func<IResource>> Resources() => [];

        public IReadOnlyList<Func<IDataSource>> DataSources() => [];

        public IReadOnlyList<Func<IEphemeralResource>> EphemeralResources() => [() => new MisbehavingEphemeral(behaviour)];
    }

    private sealed class MisbehavingEphemeral(string behaviour) : IEphemeralResource
    {
        public static readonly Schemas.Schema ValueSchema = new()
        {
            Attributes = new Dictionary<string, Schemas.Attribute> { ["value"] = new StringAttribute { Computed = true } },
        };

        public static ObjectType Type => ValueSchema.ImpliedType;

        public void Metadata(EphemeralResourceMetadataRequest request, EphemeralResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_value";

        public void Schema(EphemeralResourceSchemaRequest request, EphemeralResourceSchemaResponse response) => response.Schema = ValueSchema;

        public Task OpenAsync(OpenEphemeralResourceRequest request, OpenEphemeralResourceResponse response, CancellationToken cancellationToken)
        {
            response.Private = Encoding.UTF8.GetBytes("lease");
            response.RenewAt = DateTimeOffset.UtcNow.AddMinutes(1);
            switch (behaviour)
            {
                case "defer":
                    response.Deferred = DeferredReason.AbsentPrerequisite;
                    break;
                case "wrong-type":
                    response.Result = CtyValue.Object(CtyType.Object([new("other", CtyType.String)]), [new("other", CtyValue.String("x"))]);
                    break;
                case "unknown":
                    response.Result = response.Result.WithAttribute("value", CtyValue.Unknown(CtyType.String));
                    break;
                case "null":
                    response.Result = CtyValue.Null(Type);
                    break;
                case "throw":
                    throw new InvalidOperationException("boom");
                default:
                    response.Result = response.Result.WithAttribute("value", CtyValue.String("ok"));
                    response.Private = null;
                    response.RenewAt = null;
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
