using Microsoft.Extensions.Logging;
using Nutanix.Capi.Gateway;
using Nutanix.Prism;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>Builds Prism Central clients from stored cloud accounts.</summary>
internal static class PrismClients
{
    /// <summary>A client for the account's endpoint, TLS settings and credentials (basic auth or API key).</summary>
    public static PrismCentralClient ForAccount(CloudAccountRecord account, ILogger? logger, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new PrismCentralClient(OptionsFor(account, logger, requestTimeout));
    }

    /// <summary>Client options for the account.</summary>
    public static PrismCentralOptions OptionsFor(CloudAccountRecord account, ILogger? logger, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new PrismCentralOptions
        {
            Endpoint = account.Endpoint,
            Port = account.Port,
            Insecure = account.Insecure,
            AdditionalTrustBundle = account.AdditionalTrustBundle,
            Username = account.UsesApiKey ? null : account.Username,
            Password = account.UsesApiKey ? null : account.Password,
            ApiKey = account.UsesApiKey ? account.ApiKey : null,
            Timeout = requestTimeout ?? ProviderSettings.DefaultPrismRequestTimeout,
            Logger = logger,
        };
    }
}
