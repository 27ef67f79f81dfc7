using System.Net.Sockets;

namespace Terraform.Plugin.Hosting;

/// <summary>
/// Where a <c>--debug</c> provider listens: a Unix socket inside a fresh directory created with mode 0700 (mkdtemp),
/// the way go-plugin serves reattachable plugins. The debug server speaks plaintext gRPC, so who can connect is
/// decided by the file system: only the user who started it (and root). Both are removed when the provider stops.
/// </summary>
internal sealed class DebugSocketDirectory : IDisposable
{
    private DebugSocketDirectory(string directory)
    {
        Directory = directory;
        SocketPath = Path.Combine(directory, "plugin.sock");
    }

    /// <summary>False on Windows, where go-plugin (and this host) serve debug mode on loopback TCP instead.</summary>
    public static bool IsSupported => !OperatingSystem.IsWindows() && Socket.OSSupportsUnixDomainSockets;

    /// <summary>The private directory (mode 0700).</summary>
    public string Directory { get; }

    /// <summary>The socket's path, the <c>String</c> of <c>TF_REATTACH_PROVIDERS</c>' <c>"Network":"unix"</c> address.</summary>
    public string SocketPath { get; }

    /// <summary>Creates the directory under the temporary directory ($TMPDIR) with owner-only permissions.</summary>
    public static DebugSocketDirectory Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("plugin").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // mkdtemp already created it 0700; stated explicitly so a changed umask or runtime cannot widen it.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new DebugSocketDirectory(directory);
    }

    /// <summary>A stream socket bound to <see cref="SocketPath"/>, already listening (Kestrel takes it over).</summary>
    public Socket Bind()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(SocketPath);
            System.IO.Directory.Delete(Directory, recursive: false);
        }
        catch (IOException)
        {
            // Best effort: the temporary directory is the user's own.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
