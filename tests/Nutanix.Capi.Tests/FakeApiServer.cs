using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nutanix.Capi.Tests;

/// <summary>A minimal HTTP/1.1 server on a free loopback port that records requests and answers via a callback.</summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RecordedRequest, (int Status, string Body)> _respond;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    private readonly X509Certificate2? _serverCertificate;

    public FakeApiServer(Func<RecordedRequest, (int Status, string Body)> respond, X509Certificate2? serverCertificate = null)
    {
        _respond = respond;
        _serverCertificate = serverCertificate;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public List<RecordedRequest> Requests { get; } = [];

    public string Url => $"{(_serverCertificate is null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Subject of the client certificate presented on the last TLS connection, if any.</summary>
    public string? LastClientCertificateSubject { get; private set; }

    /// <summary>The last TLS handshake failure seen by the server, for diagnostics.</summary>
    public Exception? LastTlsError { get; private set; }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cts.Token);
            }
            catch (Exception) when (_cts.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            if (_serverCertificate is not null)
            {
                var ssl = new SslStream(stream, false);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _serverCertificate,
                        ClientCertificateRequired = true,
                        EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                        RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    }, _cts.Token);
                }
                catch (Exception ex)
                {
                    LastTlsError = ex;
                    return;
                }

                LastClientCertificateSubject = ssl.RemoteCertificate?.Subject;
                stream = ssl;
            }

            var buffer = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(buffer))
            {
                if (await stream.ReadAsync(one, _cts.Token) == 0)
                {
                    return;
                }

                buffer.Add(one[0]);
            }

            var head = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var requestLine = head[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var body = string.Empty;
            if (headers.TryGetValue("Content-Length", out var lengthText) && int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture) is var length and > 0)
            {
                var data = new byte[length];
                var read = 0;
                while (read < length)
                {
                    read += await stream.ReadAsync(data.AsMemory(read), _cts.Token);
                }

                body = Encoding.UTF8.GetString(data);
            }

            var request = new RecordedRequest(requestLine[0], Uri.UnescapeDataString(requestLine[1]), headers, body);
            lock (Requests)
            {
                Requests.Add(request);
            }

            var (status, responseBody) = _respond(request);
            var payload = Encoding.UTF8.GetBytes(responseBody);
            var response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _cts.Token);
            await stream.WriteAsync(payload, _cts.Token);
        }
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _cts.Dispose();
    }
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => PathAndQuery.Split('?')[0];
}
