using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// AutoMTLS server side on OpenSSL directly, as a Kestrel connection middleware: the TLS session accepts exactly the
/// client certificate Terraform pinned in <c>PLUGIN_CLIENT_CERT</c> (compared byte for byte once the handshake is
/// done, before any HTTP/2 byte reaches Kestrel) and presents the per-process server certificate, with ALPN h2.
/// <para>
/// Why not Kestrel's <c>UseHttps</c>: <see cref="System.Net.Security.SslStream"/> builds an X509 chain for the server
/// certificate and another for the client certificate, and every chain build on Linux first loads the machine's
/// whole CA store (each file of /etc/ssl/certs parsed by OpenSSL 3's decoders). Measured with perf over 30 starts:
/// 32 ms of CPU per provider process, more than a third of everything it did until its first answer, spent on trust
/// anchors a pinned certificate never needs. go-plugin's Go server does not do that either: its pool holds only
/// the client's certificate.
/// </para>
/// Used when libssl.so.3 / libcrypto.so.3 are present (OpenSSL 3, what .NET itself uses on Linux); otherwise the
/// host falls back to <c>UseHttps</c> with the same pinning.
/// </summary>
internal sealed partial class PinnedTls : IDisposable
{
    private readonly IntPtr _ctx;
    private readonly byte[] _pinnedClient;
    private int _disposed;

    private PinnedTls(IntPtr ctx, byte[] pinnedClient)
    {
        _ctx = ctx;
        _pinnedClient = pinnedClient;
    }

    /// <summary>True when OpenSSL 3 can be loaded in this process.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && ProbeLibraries();

    private static bool ProbeLibraries()
    {
        if (!NativeLibrary.TryLoad(Native.Ssl, out var ssl)) return false;
        if (!NativeLibrary.TryLoad(Native.Crypto, out var crypto)) return false;
        // Symbols that exist in OpenSSL 3 only (1.1 is served by the fallback).
        return NativeLibrary.TryGetExport(ssl, "SSL_get1_peer_certificate", out _) &&
               NativeLibrary.TryGetExport(crypto, "ERR_clear_error", out _);
    }

    /// <summary>
    /// Builds the TLS context: TLS 1.2 or 1.3, the server certificate and key, a client certificate required, no
    /// session tickets or cache (one connection per process), ALPN h2.
    /// </summary>
    public static PinnedTls Create(X509Certificate2 serverCertificate, X509Certificate2 pinnedClient)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        ArgumentNullException.ThrowIfNull(pinnedClient);
        using var key = serverCertificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The server certificate has no ECDSA private key.", nameof(serverCertificate));
        var pkcs8 = key.ExportPkcs8PrivateKey();
        IntPtr x509 = 0, pkey = 0, ctx = 0;
        try
        {
            Native.ERR_clear_error();
            x509 = Native.DecodeCertificate(serverCertificate.RawData);
            Check(x509 != 0, "decode the server certificate");
            pkey = Native.DecodePrivateKey(pkcs8);
            Check(pkey != 0, "decode the server key");
            ctx = Native.SSL_CTX_new(Native.TLS_server_method());
            Check(ctx != 0, "create the TLS context");
            Check(Native.SSL_CTX_ctrl(ctx, Native.SSL_CTRL_SET_MIN_PROTO_VERSION, Native.TLS1_2_VERSION, 0) == 1, "require TLS 1.2");
            Native.SSL_CTX_ctrl(ctx, Native.SSL_CTRL_SET_SESS_CACHE_MODE, 0, 0);
            Native.SSL_CTX_set_options(ctx, Native.SSL_OP_NO_TICKET | Native.SSL_OP_NO_RENEGOTIATION);
            Native.SSL_CTX_set_num_tickets(ctx, 0);
            Check(Native.SSL_CTX_use_certificate(ctx, x509) == 1, "use the server certificate");
            Check(Native.SSL_CTX_use_PrivateKey(ctx, pkey) == 1, "use the server key");
            Check(Native.SSL_CTX_check_private_key(ctx) == 1, "match the server key");
            Native.SetCallbacks(ctx);
            var tls = new PinnedTls(ctx, pinnedClient.RawData);
            ctx = 0;
            return tls;
        }
        finally
        {
            if (ctx != 0) Native.SSL_CTX_free(ctx);
            if (pkey != 0) Native.EVP_PKEY_free(pkey);
            if (x509 != 0) Native.X509_free(x509);
            CryptographicOperations.ZeroMemory(pkcs8);
            Native.ERR_clear_error();
        }
    }

    /// <summary>Kestrel connection middleware: TLS handshake, pinning check, then HTTP/2 over the session.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> Middleware(TimeSpan handshakeTimeout) => next => async context =>
    {
        var original = context.Transport;
        var session = new Session(this, original);
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed))
            {
                timeout.CancelAfter(handshakeTimeout);
                await session.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            }

            if (!session.PeerIs(_pinnedClient))
            {
                // Not the certificate Terraform handed us: no byte of HTTP/2 is read from or written to it.
                context.Abort(new ConnectionAbortedException("The TLS client did not present the pinned AutoMTLS certificate."));
                return;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            session.Dispose();
            context.Abort(new ConnectionAbortedException("AutoMTLS handshake failed: " + e.Message, e));
            return;
        }

        // Kestrel serves the connection as TLS ("https" is the scheme gRPC clients send), with the pinned certificate
        // as the client's.
        var tlsFeature = context.Features.Get<ITlsConnectionFeature>();
        var protocolFeature = context.Features.Get<ITlsApplicationProtocolFeature>();
        var feature = new TlsFeature(session.PeerCertificate());
        context.Features.Set<ITlsConnectionFeature>(feature);
        context.Features.Set<ITlsApplicationProtocolFeature>(feature);
        var reader = PipeReader.Create(session, new StreamPipeReaderOptions(leaveOpen: true));
        var writer = PipeWriter.Create(session, new StreamPipeWriterOptions(leaveOpen: true));
        context.Transport = new Pipe(reader, writer);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            context.Transport = original;
            context.Features.Set(tlsFeature);
            context.Features.Set(protocolFeature);
            session.Dispose();
        }
    };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Native.SSL_CTX_free(_ctx);
    }

    private static void Check(bool ok, string what)
    {
        if (ok) return;
        var code = Native.ERR_get_error();
        Native.ERR_clear_error();
        throw new CryptographicException($"OpenSSL could not {what} (error 0x{code:x}).");
    }

    /// <summary>
    /// What Kestrel learns of the session: the client's certificate, and HTTP/2 as the protocol (ALPN h2 when the
    /// client offered it; this listener speaks nothing else either way).
    /// </summary>
    private sealed class TlsFeature(X509Certificate2? certificate) : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        private static readonly byte[] H2 = "h2"u8.ToArray();

        public X509Certificate2? ClientCertificate { get; set; } = certificate;

        public ReadOnlyMemory<byte> ApplicationProtocol => H2;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// One TLS session over the connection's transport, through memory BIOs. OpenSSL calls are serialized by a lock
    /// (HTTP/2 reads and writes concurrently); bytes OpenSSL produces leave in the order produced, under a write
    /// semaphore taken before the lock.
    /// </summary>
    private sealed class Session : Stream
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _writeOrder = new(1, 1);
        private readonly Stream _input;
        private readonly Stream _output;
        private readonly byte[] _readBuffer = new byte[16 * 1024];
        private IntPtr _ssl;
        private readonly IntPtr _rbio;
        private readonly IntPtr _wbio;

        public Session(PinnedTls tls, IDuplexPipe transport)
        {
            _input = transport.Input.AsStream(leaveOpen: true);
            _output = transport.Output.AsStream(leaveOpen: true);
            Native.ERR_clear_error();
            _ssl = Native.SSL_new(tls._ctx);
            Check(_ssl != 0, "create a TLS session");
            _rbio = Native.BIO_new(Native.BIO_s_mem());
            _wbio = Native.BIO_new(Native.BIO_s_mem());
            if (_rbio == 0 || _wbio == 0)
            {
                if (_rbio != 0) Native.BIO_free(_rbio);
                if (_wbio != 0) Native.BIO_free(_wbio);
                Native.SSL_free(_ssl);
                _ssl = 0;
                Check(false, "create memory BIOs");
            }

            Native.SSL_set_bio(_ssl, _rbio, _wbio); // the session owns both BIOs from here on
            Native.SSL_set_accept_state(_ssl);
        }

        public async Task HandshakeAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                int result, error;
                lock (_gate)
                {
                    EnsureOpen();
                    Native.ERR_clear_error();
                    result = Native.SSL_do_handshake(_ssl);
                    error = result == 1 ? 0 : Native.SSL_get_error(_ssl, result);
                }

                await FlushProducedAsync(cancellationToken).ConfigureAwait(false);
                if (result == 1) return;
                if (error != Native.SSL_ERROR_WANT_READ) throw Failure("handshake", error);
                await FeedAsync(cancellationToken, "the client closed the connection during the TLS handshake").ConfigureAwait(false);
            }
        }

        public X509Certificate2? PeerCertificate() =>
            PeerDer() is { } der ? X509CertificateLoader.LoadCertificate(der) : null;

        public bool PeerIs(byte[] pinned) =>
            PeerDer() is { } der && der.Length == pinned.Length && CryptographicOperations.FixedTimeEquals(der, pinned);

        /// <summary>The DER encoding of the peer's certificate; null when it presented none.</summary>
        private byte[]? PeerDer()
        {
            lock (_gate)
            {
                EnsureOpen();
                var peer = Native.SSL_get1_peer_certificate(_ssl);
                if (peer == 0) return null;
                try
                {
                    return Native.EncodeCertificate(peer);
                }
                finally
                {
                    Native.X509_free(peer);
                }
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty) return 0;
            while (true)
            {
                int read, error;
                bool produced;
                lock (_gate)
                {
                    EnsureOpen();
                    Native.ERR_clear_error();
                    read = Native.Read(_ssl, buffer.Span);

                    error = read > 0 ? 0 : Native.SSL_get_error(_ssl, read);
                    produced = Native.BIO_ctrl(_wbio, Native.BIO_CTRL_PENDING, 0, 0) > 0;
                }

                // TLS 1.3 may answer while reading (alerts, key updates).
                if (produced) await FlushProducedAsync(cancellationToken).ConfigureAwait(false);
                if (read > 0) return read;
                if (error == Native.SSL_ERROR_ZERO_RETURN) return 0;
                if (error != Native.SSL_ERROR_WANT_READ) throw Failure("read", error);
                if (!await FeedAsync(cancellationToken, null).ConfigureAwait(false)) return 0;
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _writeOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                byte[]? produced;
                int length;
                lock (_gate)
                {
                    EnsureOpen();
                    var rest = buffer.Span;
                    while (!rest.IsEmpty)
                    {
                        Native.ERR_clear_error();
                        var written = Native.Write(_ssl, rest);

                        if (written <= 0) throw Failure("write", Native.SSL_get_error(_ssl, written));
                        rest = rest[written..];
                    }

                    produced = DrainLocked(out length);
                }

                await SendAsync(produced, length, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeOrder.Release();
            }
        }

        /// <summary>Reads more ciphertext from the transport into OpenSSL; false at the end of the stream.</summary>
        private async ValueTask<bool> FeedAsync(CancellationToken cancellationToken, string? eofMessage)
        {
            var n = await _input.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (eofMessage is not null) throw new IOException(eofMessage);
                return false;
            }

            lock (_gate)
            {
                EnsureOpen();
                if (Native.BioWrite(_rbio, _readBuffer.AsSpan(0, n)) != n) throw new IOException("OpenSSL did not take the bytes read from the connection.");
            }

            return true;
        }

        private async ValueTask FlushProducedAsync(CancellationToken cancellationToken)
        {
            await _writeOrder.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                byte[]? produced;
                int length;
                lock (_gate)
                {
                    EnsureOpen();
                    produced = DrainLocked(out length);
                }

                await SendAsync(produced, length, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeOrder.Release();
            }
        }

        private byte[]? DrainLocked(out int length)
        {
            var pending = (int)Native.BIO_ctrl(_wbio, Native.BIO_CTRL_PENDING, 0, 0);
            length = 0;
            if (pending <= 0) return null;
            var buffer = ArrayPool<byte>.Shared.Rent(pending);
            length = Native.BioRead(_wbio, buffer.AsSpan(0, pending));

            return buffer;
        }

        private async ValueTask SendAsync(byte[]? buffer, int length, CancellationToken cancellationToken)
        {
            if (buffer is null) return;
            try
            {
                if (length > 0) await _output.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private void EnsureOpen() => ObjectDisposedException.ThrowIf(_ssl == 0, this);

        private static IOException Failure(string operation, int sslError)
        {
            var code = Native.ERR_get_error();
            Native.ERR_clear_error();
            return new IOException($"TLS {operation} failed (SSL error {sslError}, OpenSSL error 0x{code:x}).");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                lock (_gate)
                {
                    if (_ssl != 0)
                    {
                        Native.SSL_free(_ssl);
                        _ssl = 0;
                    }
                }
            }

            base.Dispose(disposing);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous reads are not supported.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not supported.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The OpenSSL 3 entry points used here (names and constants from ssl.h, bio.h, x509.h).</summary>
    private static unsafe partial class Native
    {
        public static IntPtr DecodeCertificate(byte[] der)
        {
            fixed (byte* p = der)
            {
                var q = p;
                return d2i_X509(0, &q, der.Length);
            }
        }

        public static IntPtr DecodePrivateKey(byte[] pkcs8)
        {
            fixed (byte* p = pkcs8)
            {
                var q = p;
                return d2i_AutoPrivateKey(0, &q, pkcs8.Length);
            }
        }

        public static byte[]? EncodeCertificate(IntPtr x509)
        {
            var length = i2d_X509(x509, null);
            if (length <= 0) return null;
            var der = new byte[length];
            fixed (byte* p = der)
            {
                var q = p;
                return i2d_X509(x509, &q) == length ? der : null;
            }
        }

        public static int Read(IntPtr ssl, Span<byte> buffer)
        {
            fixed (byte* p = buffer) return SSL_read(ssl, p, buffer.Length);
        }

        public static int Write(IntPtr ssl, ReadOnlySpan<byte> buffer)
        {
            fixed (byte* p = buffer) return SSL_write(ssl, p, buffer.Length);
        }

        public static int BioRead(IntPtr bio, Span<byte> buffer)
        {
            fixed (byte* p = buffer) return BIO_read(bio, p, buffer.Length);
        }

        public static int BioWrite(IntPtr bio, ReadOnlySpan<byte> buffer)
        {
            fixed (byte* p = buffer) return BIO_write(bio, p, buffer.Length);
        }

        public static void SetCallbacks(IntPtr ctx)
        {
            // The client must present a certificate; whether it is the pinned one is decided after the handshake,
            // by comparing bytes (OpenSSL's own chain verification has no trust anchors here and would fail).
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &AcceptForPinning);
            SSL_CTX_set_alpn_select_cb(ctx, &SelectH2, 0);
        }

        [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
        private static int AcceptForPinning(int preverifyOk, IntPtr storeContext) => 1;

        /// <summary>Chooses "h2" from the client's ALPN list (grpc-go requires it); no ALPN when it is not offered.</summary>
        [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
        private static int SelectH2(IntPtr ssl, byte** selected, byte* selectedLength, byte* offered, uint offeredLength, IntPtr arg)
        {
            uint i = 0;
            while (i < offeredLength)
            {
                uint length = offered[i];
                if (length == 2 && i + 2 < offeredLength && offered[i + 1] == (byte)'h' && offered[i + 2] == (byte)'2')
                {
                    *selected = offered + i + 1;
                    *selectedLength = 2;
                    return SSL_TLSEXT_ERR_OK;
                }

                i += 1 + length;
            }

            return SSL_TLSEXT_ERR_NOACK;
        }

        public const string Ssl = "libssl.so.3";
        public const string Crypto = "libcrypto.so.3";

        public const int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
        public const int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
        public const int TLS1_2_VERSION = 0x0303;
        public const ulong SSL_OP_NO_TICKET = 1UL << 14;
        public const ulong SSL_OP_NO_RENEGOTIATION = 1UL << 30;
        public const int SSL_VERIFY_PEER = 0x01;
        public const int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02;
        public const int SSL_TLSEXT_ERR_OK = 0;
        public const int SSL_TLSEXT_ERR_NOACK = 3;
        public const int SSL_ERROR_WANT_READ = 2;
        public const int SSL_ERROR_ZERO_RETURN = 6;
        public const int BIO_CTRL_PENDING = 10;

        [LibraryImport(Ssl)] public static partial IntPtr TLS_server_method();
        [LibraryImport(Ssl)] public static partial IntPtr SSL_CTX_new(IntPtr method);
        [LibraryImport(Ssl)] public static partial void SSL_CTX_free(IntPtr ctx);
        [LibraryImport(Ssl)] public static partial nint SSL_CTX_ctrl(IntPtr ctx, int cmd, nint larg, IntPtr parg);
        [LibraryImport(Ssl)] public static partial ulong SSL_CTX_set_options(IntPtr ctx, ulong options);
        [LibraryImport(Ssl)] public static partial int SSL_CTX_set_num_tickets(IntPtr ctx, nuint count);
        [LibraryImport(Ssl)] public static partial int SSL_CTX_use_certificate(IntPtr ctx, IntPtr x509);
        [LibraryImport(Ssl)] public static partial int SSL_CTX_use_PrivateKey(IntPtr ctx, IntPtr pkey);
        [LibraryImport(Ssl)] public static partial int SSL_CTX_check_private_key(IntPtr ctx);
        [LibraryImport(Ssl)] public static partial void SSL_CTX_set_verify(IntPtr ctx, int mode, delegate* unmanaged[Cdecl]<int, IntPtr, int> callback);
        [LibraryImport(Ssl)] public static partial void SSL_CTX_set_alpn_select_cb(IntPtr ctx, delegate* unmanaged[Cdecl]<IntPtr, byte**, byte*, byte*, uint, IntPtr, int> callback, IntPtr arg);
        [LibraryImport(Ssl)] public static partial IntPtr SSL_new(IntPtr ctx);
        [LibraryImport(Ssl)] public static partial void SSL_free(IntPtr ssl);
        [LibraryImport(Ssl)] public static partial void SSL_set_bio(IntPtr ssl, IntPtr rbio, IntPtr wbio);
        [LibraryImport(Ssl)] public static partial void SSL_set_accept_state(IntPtr ssl);
        [LibraryImport(Ssl)] public static partial int SSL_do_handshake(IntPtr ssl);
        [LibraryImport(Ssl)] public static partial int SSL_read(IntPtr ssl, byte* buffer, int count);
        [LibraryImport(Ssl)] public static partial int SSL_write(IntPtr ssl, byte* buffer, int count);
        [LibraryImport(Ssl)] public static partial int SSL_get_error(IntPtr ssl, int result);
        [LibraryImport(Ssl)] public static partial IntPtr SSL_get1_peer_certificate(IntPtr ssl);
        [LibraryImport(Crypto)] public static partial IntPtr BIO_s_mem();
        [LibraryImport(Crypto)] public static partial IntPtr BIO_new(IntPtr method);
        [LibraryImport(Crypto)] public static partial int BIO_free(IntPtr bio);
        [LibraryImport(Crypto)] public static partial int BIO_read(IntPtr bio, byte* buffer, int count);
        [LibraryImport(Crypto)] public static partial int BIO_write(IntPtr bio, byte* buffer, int count);
        [LibraryImport(Crypto)] public static partial nint BIO_ctrl(IntPtr bio, int cmd, nint larg, IntPtr parg);
        [LibraryImport(Crypto)] public static partial IntPtr d2i_X509(IntPtr reuse, byte** data, nint length);
        [LibraryImport(Crypto)] public static partial int i2d_X509(IntPtr x509, byte** output);
        [LibraryImport(Crypto)] public static partial void X509_free(IntPtr x509);
        [LibraryImport(Crypto)] public static partial IntPtr d2i_AutoPrivateKey(IntPtr reuse, byte** data, nint length);
        [LibraryImport(Crypto)] public static partial void EVP_PKEY_free(IntPtr pkey);
        [LibraryImport(Crypto)] public static partial nuint ERR_get_error();
        [LibraryImport(Crypto)] public static partial void ERR_clear_error();
    }
}
