using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TestSupport.Http;

/// <summary>One request as the server read it off the wire.</summary>
public sealed record ScriptedRequest(int Index, string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => Target.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>What the server does with one request.</summary>
public abstract record ScriptedReply
{
    /// <summary>An HTTP/1.1 answer (Content-Length framed; <paramref name="Headers"/> e.g. <c>Retry-After: 1</c>).</summary>
    public static ScriptedReply Answer(int status, string body = "", string contentType = "application/json", params string[] headers) =>
        new Respond(status, body, contentType, headers);

    /// <summary>Closes the connection with a TCP reset before sending anything.</summary>
    public static ScriptedReply Reset { get; } = new ResetConnection();

    /// <summary>Sends the head and half of the body, then resets the connection.</summary>
    public static ScriptedReply BreakMidBody(int status, string body) => new Truncate(status, body);

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    public static ScriptedReply Hang { get; } = new Silence();

    internal sealed record Respond(int Status, string Body, string ContentType, string[] Headers) : ScriptedReply;

    internal sealed record ResetConnection : ScriptedReply;

    internal sealed record Truncate(int Status, string Body) : ScriptedReply;

    internal sealed record Silence : ScriptedReply;
}

/// <summary>
/// A real HTTP/1.1 server (optionally HTTPS) on a free loopback port whose every answer comes from a script: status,
/// headers, a connection reset, a body cut short, silence. For testing retry behaviour over real sockets.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedRequest, ScriptedReply> _script;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    public ScriptedHttpServer(Func<ScriptedRequest, ScriptedReply> script, X509Certificate2? certificate = null)
    {
        _script = script;
        _certificate = certificate;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            try
            {
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = tls;
                }

                while (await ReadRequestAsync(stream) is { } request)
                {
                    Requests.Enqueue(request);
                    switch (_script(request))
                    {
                        case ScriptedReply.Respond r:
                            await WriteAsync(stream, r.Status, r.Body, r.ContentType, r.Headers);
                            break;
                        case ScriptedReply.Truncate t:
                            var half = Encoding.UTF8.GetBytes(t.Body)[..(Encoding.UTF8.GetByteCount(t.Body) / 2)];
                            await WriteHeadAsync(stream, t.Status, "application/json", [], Encoding.UTF8.GetByteCount(t.Body));
                            await stream.WriteAsync(half, _stop.Token);
                            await stream.FlushAsync(_stop.Token);
                            socket.LingerState = new LingerOption(true, 0);
                            return;
                        case ScriptedReply.ResetConnection:
                            socket.LingerState = new LingerOption(true, 0);
                            return;
                        case ScriptedReply.Silence:
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                            return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away or the server is stopping.
            }
            finally
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task WriteAsync(Stream stream, int status, string body, string contentType, string[] headers)
    {
        var payload = Encoding.UTF8.GetBytes(body);
        await WriteHeadAsync(stream, status, contentType, headers, payload.Length);
        await stream.WriteAsync(payload, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private async Task WriteHeadAsync(Stream stream, int status, string contentType, string[] headers, int length)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\n");
        foreach (var h in headers)
        {
            head.Append(h).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    private async Task<ScriptedRequest?> ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new ScriptedRequest(Interlocked.Increment(ref _count) - 1, first[0], first[1], headers, Encoding.UTF8.GetString(body));
    }
}
