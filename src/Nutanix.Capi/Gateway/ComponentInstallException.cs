namespace Nutanix.Capi.Gateway;

/// <summary>Components could not be found in, or installed from, a local clusterctl repository; the message says what to fix.</summary>
/// <param name="attribute">The attribute of the <c>install</c> block the problem is about (<c>directory</c>, <c>variables</c>, <c>versions</c>, <c>cert_manager</c>).</param>
public sealed class ComponentInstallException(string message, Exception? inner = null, string attribute = "directory") : Exception(message, inner)
{
    public string Attribute { get; } = attribute;
}
