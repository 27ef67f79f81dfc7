using System.Text;

namespace Nutanix.Simulator.Hosting;

/// <summary>
/// Writes state-directory files atomically (a temporary file renamed over the target). Secret files (keys, tokens,
/// credentials, kubeconfig, connection.json, stored Kubernetes objects) are created owner-only (0600) from the start:
/// the temporary file is opened with that mode, so no other user can ever read it, rather than tightened afterwards.
/// </summary>
public static class StateFiles
{
    /// <summary>Owner read/write.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read/write/search, for directories holding secrets.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Writes <paramref name="content"/> (UTF-8) to <paramref name="path"/> via a temporary file and rename.</summary>
    public static void Write(string path, string content, bool secret)
    {
        var temp = path + ".tmp";
        File.Delete(temp); // a leftover would keep its old mode: the file must be created by this call
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (secret && !OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(content);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Creates a directory (and parents) that only the owner can enter, when it does not exist yet.</summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }
}
