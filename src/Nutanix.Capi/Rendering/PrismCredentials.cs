namespace Nutanix.Capi.Rendering;

/// <summary>Prism Central credentials stored in the per-cluster CAPX credentials Secret. <see cref="ToString"/> never shows secrets.</summary>
public sealed record PrismCredentials
{
    private PrismCredentials(string? username, string? password, string? apiKey)
    {
        Username = username;
        Password = password;
        ApiKey = apiKey;
    }

    public string? Username { get; }

    public string? Password { get; }

    public string? ApiKey { get; }

    /// <summary>True for the <c>api_key</c> credential type.</summary>
    public bool IsApiKey => ApiKey is not null;

    /// <summary>Stands for credentials that were not read back (a spec rebuilt from live objects never carries the Secret's content).</summary>
    public static PrismCredentials NotRead { get; } = new(null, null, null);

    public static PrismCredentials Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        return new PrismCredentials(username, password, null);
    }

    public static PrismCredentials FromApiKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return new PrismCredentials(null, null, apiKey);
    }

    /// <inheritdoc/>
    public override string ToString() => IsApiKey ? "PrismCredentials { api_key }" : $"PrismCredentials {{ basic_auth, Username = {Username} }}";
}
