namespace Nutanix.Capi.Gateway;

/// <summary>
/// A Prism Central account as stored by the provider: a Secret named after the account in the gateway namespace,
/// holding CAPX's <c>credentials</c> key plus the endpoint settings (annotations and the
/// <see cref="GatewayStore.TrustBundleKey"/> key, which CAPX ignores). <see cref="ToString"/> omits the credentials.
/// </summary>
/// <param name="Id"><c>&lt;namespace&gt;/&lt;name&gt;</c>.</param>
/// <param name="CredentialsJson">CAPX <c>credentials</c> JSON array — secret, never log it.</param>
/// <param name="Username">Basic-auth user name; null for API keys.</param>
/// <param name="UsesApiKey">True for the <c>api_key</c> credential type.</param>
public sealed record CloudAccountRecord(
    string Id,
    string Namespace,
    string Name,
    string Endpoint,
    int Port,
    bool Insecure,
    string? AdditionalTrustBundle,
    string CredentialsJson,
    string? Username,
    bool UsesApiKey)
{
    /// <summary>Gateway id (<c>&lt;namespace&gt;/&lt;gateway name&gt;</c>) recorded on the Secret, when known.</summary>
    public string? GatewayId { get; init; }

    /// <summary>
    /// The user's credential version (<c>password_wo_version</c> / <c>api_key_wo_version</c>) when the credentials were
    /// last written, so an import can restore it.
    /// </summary>
    public long? CredentialsVersion { get; init; }

    /// <summary>Password of a basic-auth account, read from <see cref="CredentialsJson"/>; null for API keys.</summary>
    public string? Password => CredentialsFormat.TryRead(CredentialsJson, out _, out var password, out _) ? password : null;

    /// <summary>API key of an api_key account, read from <see cref="CredentialsJson"/>.</summary>
    public string? ApiKey => CredentialsFormat.TryRead(CredentialsJson, out _, out _, out var key) ? key : null;

    /// <summary>Describes the account without credentials.</summary>
    public override string ToString() =>
        $"CloudAccountRecord {{ Id = {Id}, Endpoint = {Endpoint}:{Port}, Insecure = {Insecure}, Auth = {(UsesApiKey ? "api key" : $"user '{Username}'")} }}";
}
