using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Prism;

/// <summary>
/// The Prism Central login (username/password), one API key (for <c>X-ntnx-api-key</c>) and the session cookies
/// handed out after a successful basic-auth request. Persisted in <c>prism-credentials.json</c> so a restart keeps
/// them; <see cref="RotatePassword"/> makes the old password (and every session) answer 401.
/// </summary>
public sealed class PrismCredentials
{
    public const string SessionCookie = "NTNX_IGW_SESSION";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private string _password;

    private PrismCredentials(string? path, string username, string password, string apiKey)
    {
        _path = path;
        Username = username;
        _password = password;
        ApiKey = apiKey;
    }

    public string Username { get; }
    public string ApiKey { get; }

    public string Password
    {
        get { lock (_gate) return _password; }
    }

    /// <summary>Loads the persisted credentials; explicit <paramref name="username"/>/<paramref name="password"/> override them.</summary>
    public static PrismCredentials LoadOrCreate(string? path, string? username, string? password)
    {
        string? storedUser = null, storedPassword = null, storedKey = null;
        if (path is not null && File.Exists(path))
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject o)
            {
                storedUser = (string?)o["username"];
                storedPassword = (string?)o["password"];
                storedKey = (string?)o["api_key"];
            }
        }
        var creds = new PrismCredentials(path,
            username ?? storedUser ?? "admin",
            password ?? (username is null || username == storedUser ? storedPassword : null) ?? "Nutanix/4u",
            storedKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        creds.Save();
        return creds;
    }

    /// <summary>Raised after <see cref="RotatePassword"/> (on the caller's thread); handlers must be quick.</summary>
    public event Action? Rotated;

    public void RotatePassword(string newPassword)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        lock (_gate)
        {
            _password = newPassword;
            _sessions.Clear();
            Save();
        }

        Rotated?.Invoke();
    }

    public bool CheckBasic(string username, string password)
    {
        var expected = Encoding.UTF8.GetBytes(Username + "\0" + Password);
        var actual = Encoding.UTF8.GetBytes(username + "\0" + password);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public bool CheckApiKey(string key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ApiKey), Encoding.UTF8.GetBytes(key));

    public string NewSession(DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _sessions[id] = now + SessionLifetime;
        return id;
    }

    public bool CheckSession(string id, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(id, out var expires)) return false;
        if (expires > now) return true;
        _sessions.TryRemove(id, out _);
        return false;
    }

    private void Save()
    {
        if (_path is null) return;
        var o = new JsonObject { ["username"] = Username, ["password"] = _password, ["api_key"] = ApiKey };
        Hosting.StateFiles.Write(_path, o.ToJsonString(), secret: true);
    }
}
