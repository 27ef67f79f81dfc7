using Nutanix.Capi.Validation;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>
/// Validators that refuse hostile or sloppy input at <c>terraform validate</c>, each naming the attribute (down to
/// the list element or map key) and saying what a valid value looks like. The rules live in
/// <c>Nutanix.Capi.Validation</c>; this maps them onto attributes.
/// </summary>
internal static class InputChecks
{
    /// <summary>A canonical IPv4 or IPv6 address (no short, octal or hex IPv4 forms, no zone ids).</summary>
    public static IValidator IpAddress { get; } = Validators.Custom(
        "an IPv4 or IPv6 address", v => StrictIp.AddressProblem(v.AsString()));

    /// <summary>A CIDR block whose address is canonical and is the network address.</summary>
    public static IValidator Cidr { get; } = Validators.Custom(
        "a CIDR block such as 172.20.0.0/16", v => StrictIp.CidrProblem(v.AsString()));

    /// <summary>Each element an OpenSSH public key on one line.</summary>
    public static IValidator SshAuthorizedKeys { get; } = new EachElement(
        "one OpenSSH public key per element, \"<type> <base64 key> [comment]\" on a single line",
        (_, v) => SshPublicKey.Problem(v.AsString()));

    /// <summary>Label keys (qualified names) and values (label values).</summary>
    public static IValidator Labels { get; } = new EachElement(
        "label keys of the form [prefix/]name and values of at most 63 letters, digits, '-', '_' or '.'",
        (key, v) => KubernetesMetadata.KeyProblem(key!) ?? KubernetesMetadata.LabelValueProblem(v.AsString()));

    /// <summary>A taint key (a qualified name).</summary>
    public static IValidator TaintKey { get; } = Validators.Custom(
        "a taint key of the form [prefix/]name, e.g. \"dedicated\" or \"example.com/gpu\"", v => KubernetesMetadata.KeyProblem(v.AsString()));

    /// <summary>A taint value (the label value rules).</summary>
    public static IValidator TaintValue { get; } = Validators.Custom(
        "a taint value of at most 63 letters, digits, '-', '_' or '.'", v => KubernetesMetadata.LabelValueProblem(v.AsString()));

    /// <summary>On the addons map: each addon's <c>manifests</c> fits a ConfigMap and is YAML holding Kubernetes objects.</summary>
    public static IValidator AddonManifests { get; } = new EachElement(
        "Kubernetes objects as YAML, at most 1 MiB per addon",
        (name, addon) => addon["manifests"] is { IsKnown: true, IsNull: false } m ? AddonManifestsCheck.Problem(name!, m.AsString()) : null,
        "manifests");

    /// <summary>
    /// Runs <paramref name="check"/> on every known element of a list or map (with its key for maps) and reports
    /// a problem at that element (or at <paramref name="attribute"/> inside it).
    /// </summary>
    private sealed class EachElement(string description, Func<string?, CtyValue, string?> check, string? attribute = null) : IValidator
    {
        public string Description => description;

        public void Validate(ValidatorRequest request, DiagnosticBag diagnostics)
        {
            var value = request.Value;
            if (value.Type.Kind is CtyTypeKind.Map or CtyTypeKind.Object)
            {
                foreach (var (key, element) in value.Entries)
                {
                    Check(request.Path.ElementKey(key), key, element, diagnostics);
                }
            }
            else
            {
                for (var i = 0; i < value.Elements.Count; i++)
                {
                    Check(request.Path.ElementKey(i), null, value.Elements[i], diagnostics);
                }
            }
        }

        private void Check(Terraform.Plugin.Paths.AttributePath path, string? key, CtyValue element, DiagnosticBag diagnostics)
        {
            if (!element.IsKnown || element.IsNull) return;
            if (check(key, element) is not { } problem) return;
            var at = attribute is null ? path : path.Attribute(attribute);
            diagnostics.AddAttributeError(at, "Invalid attribute value", $"Attribute {at}: {description}; {problem}.");
        }
    }
}
