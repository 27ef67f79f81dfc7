using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nutanix.Capi.Management;

/// <summary>
/// Runs a kubeconfig <c>users[].user.exec</c> credential plugin (client.authentication.k8s.io v1 / v1beta1
/// ExecCredential) ourselves instead of letting KubernetesClient run it at load time: the command runs with the
/// kubeconfig's args and env plus <c>KUBERNETES_EXEC_INFO</c> (the request ExecCredential, non-interactive, as kubectl
/// passes it), bounded by <see cref="Timeout"/> (the provider's <c>request_timeout</c>) and the caller's cancellation,
/// its process tree killed when either fires. What it writes to stderr is logged as a warning, not an error; a
/// non-zero exit, a timeout or output that is not an ExecCredential is an error naming the command and the kubeconfig
/// user (never the credential). The credential is kept until its <c>status.expirationTimestamp</c>, then re-run.
/// </summary>
public sealed class ExecCredentialPlugin
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private ExecCredential? _current;

    internal ExecCredentialPlugin(string userName, ExternalExecution exec, TimeSpan timeout, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(exec);
        UserName = userName;
        Command = exec.Command ?? throw new k8s.Exceptions.KubeConfigException($"the exec plugin of kubeconfig user \"{userName}\" has no command");
        Arguments = exec.Arguments is { } args ? [.. args] : [];
        Environment = exec.EnvironmentVariables?
            .Where(static e => e.ContainsKey("name"))
            .Select(static e => new KeyValuePair<string, string>(e["name"], e.TryGetValue("value", out var v) ? v : string.Empty))
            .ToArray() ?? [];
        ApiVersion = string.IsNullOrEmpty(exec.ApiVersion) ? "client.authentication.k8s.io/v1" : exec.ApiVersion;
        Timeout = timeout;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a plugin runner (public for tests and callers holding an <see cref="ExternalExecution"/>).</summary>
    public static ExecCredentialPlugin Create(string userName, ExternalExecution exec, TimeSpan timeout, ILogger? logger = null) =>
        new(userName, exec, timeout, logger);

    public string UserName { get; }
    public string Command { get; }
    public IReadOnlyList<string> Arguments { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }
    public string ApiVersion { get; }

    /// <summary>How long one run of the plugin may take before its process tree is killed and the call fails.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Called with each non-empty stderr text of a successful run (besides the warning log line).</summary>
    public event Action<string>? Warning;

    /// <summary>The credential, from the last run while it has not expired, otherwise from a new run.</summary>
    public async Task<ExecCredential> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && !fresh.Expired(DateTimeOffset.UtcNow))
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && !again.Expired(DateTimeOffset.UtcNow))
            {
                return again;
            }

            _current = await RunAsync(cancellationToken).ConfigureAwait(false);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string What => $"the exec credential plugin \"{Command}\" of kubeconfig user \"{UserName}\"";

    private async Task<ExecCredential> RunAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "ExecCredential",
            ["spec"] = new JsonObject { ["interactive"] = false },
        }.ToJsonString();

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ExecCredentialException($"Could not start {What}: {ex.Message}. Install it or fix users[].user.exec.command in the kubeconfig.", ex);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
        var stderr = process.StandardError.ReadToEndAsync(linked.Token);
        string output, errors;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            output = await stdout.ConfigureAwait(false);
            errors = (await stderr.ConfigureAwait(false)).Trim();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExecCredentialException($"{What} did not finish within {Timeout.TotalSeconds:0.#} s (the provider's request_timeout) and was stopped.");
        }

        if (process.ExitCode != 0)
        {
            throw new ExecCredentialException($"{What} exited with code {process.ExitCode}" + (errors.Length > 0 ? $": {errors}" : "."));
        }

        if (errors.Length > 0)
        {
            _logger.LogWarning("{Plugin} wrote to stderr: {Stderr}", What, errors);
            Warning?.Invoke($"{What} wrote to stderr: {errors}");
        }

        return Parse(output);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private ExecCredential Parse(string output)
    {
        JsonObject? status;
        try
        {
            var document = JsonNode.Parse(output) as JsonObject;
            var kind = (string?)document?["kind"];
            var apiVersion = (string?)document?["apiVersion"];
            if (document is null || kind != "ExecCredential")
            {
                throw new ExecCredentialException($"{What} did not print an ExecCredential (kind \"{kind}\") on stdout.");
            }

            if (apiVersion != ApiVersion)
            {
                throw new ExecCredentialException($"{What} answered with apiVersion \"{apiVersion}\", but the kubeconfig asks for \"{ApiVersion}\".");
            }

            status = document["status"] as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // The output may hold a credential: name the fault, not the text.
            throw new ExecCredentialException($"{What} printed output that is not JSON; it must print an ExecCredential object on stdout.");
        }
        catch (InvalidOperationException)
        {
            throw new ExecCredentialException($"{What} printed an ExecCredential with fields of the wrong type.");
        }

        var token = (string?)status?["token"];
        var certificate = (string?)status?["clientCertificateData"];
        var key = (string?)status?["clientKeyData"];
        if (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(certificate) || string.IsNullOrEmpty(key)))
        {
            throw new ExecCredentialException($"{What} printed an ExecCredential without status.token or status.clientCertificateData and status.clientKeyData.");
        }

        DateTimeOffset? expires = null;
        if ((string?)status?["expirationTimestamp"] is { Length: > 0 } stamp)
        {
            if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ExecCredentialException($"{What} printed an ExecCredential whose status.expirationTimestamp \"{stamp}\" is not an RFC 3339 time.");
            }

            expires = parsed;
        }

        return new ExecCredential(token, certificate, key, expires);
    }
}

/// <summary>What an exec plugin returned: a bearer token, or a PEM client certificate and key; until when it holds.</summary>
public sealed record ExecCredential(string? Token, string? ClientCertificatePem, string? ClientKeyPem, DateTimeOffset? ExpiresAt)
{
    /// <summary>Expired (or about to: within 10 s) at <paramref name="now"/>; a credential without expiry never is.</summary>
    public bool Expired(DateTimeOffset now) => ExpiresAt is { } at && at - TimeSpan.FromSeconds(10) <= now;

    public override string ToString() => $"ExecCredential(token: {(Token is null ? "none" : "***")}, certificate: {(ClientCertificatePem is null ? "none" : "***")}, expires: {ExpiresAt:O})";
}

/// <summary>An exec credential plugin failed (did not start, exited non-zero, timed out, printed no credential).</summary>
public sealed class ExecCredentialException : Exception
{
    public ExecCredentialException()
    {
    }

    public ExecCredentialException(string message) : base(message)
    {
    }

    public ExecCredentialException(string message, Exception inner) : base(message, inner)
    {
    }
}
