using Nutanix.Prism;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.DataSources;

/// <summary>Shared plumbing of data sources that look things up in the Prism Central of a <c>cloud_account_id</c>.</summary>
internal abstract class PrismDataSource : IDataSourceWithConfigure
{
    private ProviderContext? _context;

    public static StringAttribute CloudAccountId { get; } = new()
    {
        Required = true,
        MarkdownDescription = "Id of the `nutanix_cloud_account` whose Prism Central is queried.",
        Validators = [AttributeChecks.NotEmpty],
    };

    public abstract void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response);

    public abstract void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response);

    public void Configure(DataSourceConfigureRequest request, DataSourceConfigureResponse response) => _context = request.ProviderData as ProviderContext;

    public async Task ReadAsync(ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken)
    {
        if (ProviderContext.From(_context, response.Diagnostics) is not { } context)
        {
            return;
        }

        var accountId = request.Config["cloud_account_id"].AsString();
        try
        {
            var account = Secrets.Track(await context.GetGatewayStore().GetCloudAccountAsync(accountId, cancellationToken).ConfigureAwait(false));
            if (account is null)
            {
                response.Diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), "Unknown cloud account",
                    $"No cloud account with id \"{accountId}\" exists on the management cluster; use the id of a nutanix_cloud_account (<namespace>/<name>).");
                return;
            }

            using var prism = context.CreatePrismClient(account);
            await ReadAsync(prism, request, response, cancellationToken).ConfigureAwait(false);
        }
        catch (PrismException ex)
        {
            var (summary, detail, _) = ErrorDiagnostics.PrismError(ex, $"querying Prism Central of {accountId}", false);
            response.Diagnostics.AddAttributeError(AttributePath.Root("cloud_account_id"), summary, detail);
        }
        catch (Exception ex) when (ErrorDiagnostics.TryAdd(response.Diagnostics, ex, $"reading cloud account {accountId}"))
        {
        }
    }

    protected abstract Task ReadAsync(PrismCentralClient prism, ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// The one match among <paramref name="found"/>, or null after adding the diagnostic at <paramref name="attribute"/>:
    /// "<paramref name="what"/> not found" listing the names <paramref name="available"/> returns (asked only then),
    /// or the ambiguity error <paramref name="ambiguous"/> describes.
    /// </summary>
    protected static async Task<T?> SingleAsync<T>(
        DiagnosticBag diagnostics, string attribute, string what, string name, IReadOnlyList<T> found,
        Func<Task<IEnumerable<string>>> available, Func<IReadOnlyList<T>, (string Summary, string Detail)> ambiguous)
        where T : class
    {
        if (found.Count == 1) return found[0];
        if (found.Count == 0)
        {
            AddNotFound(diagnostics, attribute, what, name, await available().ConfigureAwait(false));
        }
        else
        {
            var (summary, detail) = ambiguous(found);
            diagnostics.AddAttributeError(AttributePath.Root(attribute), summary, detail);
        }

        return null;
    }

    protected static void AddNotFound(DiagnosticBag diagnostics, string attribute, string what, string name, IEnumerable<string> available)
    {
        var list = available.Take(20).ToList();
        diagnostics.AddAttributeError(AttributePath.Root(attribute), $"{what} not found",
            $"Prism Central has no {what} named \"{name}\"." + (list.Count > 0 ? $" Available: {string.Join(", ", list)}." : string.Empty));
    }
}
