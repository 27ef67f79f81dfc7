using Nutanix.Capi.Gateway;
using Nutanix.Capi.Rendering;
using Terraform.Plugin.Logging;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>
/// Registers every credential the provider reads with <see cref="SecretRedactor"/>, so no diagnostic or log line
/// carries it in any encoding: the password or API key itself, <c>user:password</c> (whose base64 is an HTTP
/// basic-auth header) and the CAPX credentials JSON (whose base64 is the Secret's <c>data.credentials</c>).
/// </summary>
internal static class Secrets
{
    /// <summary>Registers the account's credentials; returns the account.</summary>
    public static CloudAccountRecord? Track(CloudAccountRecord? account)
    {
        if (account is null) return null;
        SecretRedactor.Register(account.CredentialsJson);
        if (CredentialsFormat.TryRead(account.CredentialsJson, out var username, out var password, out var apiKey))
        {
            Register(username, password, apiKey);
        }

        return account;
    }

    /// <summary>Registers credentials taken from configuration; returns them.</summary>
    public static PrismCredentials Track(PrismCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        SecretRedactor.Register(CredentialsFormat.Write(credentials));
        Register(credentials.Username, credentials.Password, credentials.ApiKey);
        return credentials;
    }

    /// <summary>Registers a password or API key (and <c>user:password</c>).</summary>
    public static void Register(string? username, string? password, string? apiKey)
    {
        SecretRedactor.Register(password);
        SecretRedactor.Register(apiKey);
        if (!string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password))
        {
            SecretRedactor.Register(username + ":" + password);
        }
    }
}
