using Nutanix.Prism;
using Terraform.Plugin.DataSources;
using Terraform.Plugin.Paths;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;
using TerraformProvider.Nutanix.Plumbing;

namespace TerraformProvider.Nutanix.DataSources;

/// <summary><c>nutanix_image</c>: an image by name → uuid, size, type.</summary>
internal sealed class ImageDataSource : PrismDataSource
{
    private static readonly Schema DataSchema = new()
    {
        MarkdownDescription = "Looks up a disk image by name.",
        Attributes = new Dictionary<string, Terraform.Plugin.Schemas.Attribute>
        {
            ["cloud_account_id"] = CloudAccountId,
            ["name"] = new StringAttribute { Required = true, MarkdownDescription = "Image name.", Validators = [AttributeChecks.NotEmpty] },
            ["uuid"] = new StringAttribute { Computed = true, MarkdownDescription = "Image UUID; usable wherever the provider accepts an image name or UUID (e.g. `nutanix_cluster.image`)." },
            ["size_bytes"] = new Int64Attribute { Computed = true, MarkdownDescription = "Image size in bytes (null when Prism Central does not report it)." },
            ["image_type"] = new StringAttribute { Computed = true, MarkdownDescription = "`DISK_IMAGE` or `ISO_IMAGE`." },
            ["architecture"] = new StringAttribute { Computed = true, MarkdownDescription = "CPU architecture the image is for, e.g. `X86_64` (null when not reported)." },
            ["source_uri"] = new StringAttribute { Computed = true, MarkdownDescription = "URL the image was imported from (null for uploaded images)." },
        },
    };

    public override void Metadata(DataSourceMetadataRequest request, DataSourceMetadataResponse response) => response.TypeName = request.ProviderTypeName + "_image";

    public override void Schema(DataSourceSchemaRequest request, DataSourceSchemaResponse response) => response.Schema = DataSchema;

    protected override async Task ReadAsync(PrismCentralClient prism, ReadDataSourceRequest request, ReadDataSourceResponse response, CancellationToken cancellationToken)
    {
        var name = request.Config["name"].AsString();
        var image = await SingleAsync(response.Diagnostics, "name", "image", name,
            await prism.FindImagesByNameAsync(name, cancellationToken).ConfigureAwait(false),
            async () => (await prism.ListAllImagesAsync(null, cancellationToken).ConfigureAwait(false)).Select(i => i.Name),
            found => ("Image name is ambiguous",
                $"{found.Count} images are named \"{name}\" (uuids {string.Join(", ", found.Select(i => i.Uuid))}); rename one in Prism Central.")).ConfigureAwait(false);
        if (image is null) return;

        response.State = request.Config
            .WithAttribute("uuid", CtyValue.String(image.Uuid))
            .WithAttribute("size_bytes", Cty.Int64OrNullValue(image.Resources?.SizeBytes))
            .WithAttribute("image_type", Cty.StringOrNullValue(image.Resources?.ImageType))
            .WithAttribute("architecture", Cty.StringOrNullValue(image.Resources?.Architecture))
            .WithAttribute("source_uri", Cty.StringOrNullValue(image.Resources?.SourceUri));
    }
}
