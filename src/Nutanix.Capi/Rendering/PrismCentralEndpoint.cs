namespace Nutanix.Capi.Rendering;

/// <summary>Where CAPX reaches Prism Central for this cluster.</summary>
/// <param name="Address">Host name or IP.</param>
/// <param name="Port">Port (CAPX default 9440).</param>
/// <param name="Insecure">Skip TLS verification.</param>
/// <param name="AdditionalTrustBundle">PEM CA bundle; rendered into the <c>&lt;cluster&gt;-pc-trusted-ca-bundle</c> ConfigMap.</param>
public sealed record PrismCentralEndpoint(string Address, int Port = 9440, bool Insecure = false, string? AdditionalTrustBundle = null);
