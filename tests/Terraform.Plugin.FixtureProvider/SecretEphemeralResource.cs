using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Terraform.Plugin.EphemeralResources;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.FixtureProvider;

/// <summary>
/// <c>fixture_secret</c>: an ephemeral random secret. Open, Renew and Close each append a line
/// (<c>open|renew|close &lt;lease&gt;</c>, never the secret) to <c>ephemeral.log</c> in the state directory, so tests
/// see that Terraform called them and handed the private lease id back.
/// </summary>
public sealed class SecretEphemeralResource :
    IEphemeralResourceWithConfigure, IEphemeralResourceWithValidateConfig, IEphemeralResourceWithRenew, IEphemeralResourceWithClose
{
    public const string JournalFile = "ephemeral.log";

    /// <summary>How long a lease lasts before Terraform should renew it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    private ThingStore? _store;

    public static Schema SecretSchema { get; } = new()
    {
        MarkdownDescription = "A random secret that exists only while Terraform runs.",
        Attributes = new Dictionary<string, Schemas.Attribute>
        {
            ["length"] = new Int64Attribute { Optional = true, Description = "Hex digits of the secret; 32 when omitted.", Validators = [Validators.Int64Between(8, 64)] },
            ["echo"] = new StringAttribute { Optional = true, Description = "Returned as echoed (ephemeral like the rest)." },
            ["value"] = new StringAttribute { Computed = true, Sensitive = true },
            ["echoed"] = new StringAttribute { Computed = true },
        },
    };

    public void Metadata(EphemeralResourceMetadataRequest request, EphemeralResourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_secret";

    public void Schema(EphemeralResourceSchemaRequest request, EphemeralResourceSchemaResponse response) => response.Schema = SecretSchema;

    public void Configure(EphemeralResourceConfigureRequest request, EphemeralResourceConfigureResponse response) => _store = request.ProviderData as ThingStore;

    public Task ValidateConfigAsync(ValidateEphemeralResourceConfigRequest request, ValidateEphemeralResourceConfigResponse response, CancellationToken cancellationToken)
    {
        if (request.Config["echo"] is { IsKnown: true, IsNull: false } echo && echo.AsString().Length == 0)
        {
            response.Diagnostics.AddAttributeError(AttributePath.Root("echo"), "Empty echo", "Leave echo out or give it a non-empty value.");
        }

        return Task.CompletedTask;
    }

    public Task OpenAsync(OpenEphemeralResourceRequest request, OpenEphemeralResourceResponse response, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            if (request.DeferralAllowed) response.Deferred = DeferredReason.ProviderConfigUnknown;
            else response.Diagnostics.AddError("Provider not configured", "The fixture provider has no state directory.");
            return Task.CompletedTask;
        }

        var length = request.Config["length"] is { IsNull: false } l && l.AsNumber().TryGetInt64(out var n) ? (int)n : 32;
        var lease = Guid.NewGuid().ToString("N");
        Journal("open " + lease);
        response.Result = response.Result
            .WithAttribute("value", CtyValue.String(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))[..length]))
            .WithAttribute("echoed", request.Config["echo"]);
        response.Private = Encoding.UTF8.GetBytes(lease);
        response.RenewAt = DateTimeOffset.UtcNow + LeaseDuration;
        return Task.CompletedTask;
    }

    public Task RenewAsync(RenewEphemeralResourceRequest request, RenewEphemeralResourceResponse response, CancellationToken cancellationToken)
    {
        var lease = LeaseOf(request.Private);
        Journal("renew " + lease);
        response.Private = request.Private;
        response.RenewAt = DateTimeOffset.UtcNow + LeaseDuration;
        return Task.CompletedTask;
    }

    public Task CloseAsync(CloseEphemeralResourceRequest request, CloseEphemeralResourceResponse response, CancellationToken cancellationToken)
    {
        Journal("close " + LeaseOf(request.Private));
        return Task.CompletedTask;
    }

    private static string LeaseOf(byte[]? privateData) => privateData is null ? "<none>" : Encoding.UTF8.GetString(privateData);

    private void Journal(string line)
    {
        if (_store is null) return;
        Directory.CreateDirectory(_store.Directory);
        File.AppendAllText(Path.Combine(_store.Directory, JournalFile), string.Create(CultureInfo.InvariantCulture, $"{line}\n"));
    }
}
