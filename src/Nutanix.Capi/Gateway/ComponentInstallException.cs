namespace Nutanix.Capi.Gateway;

/// <summary>Components could not be found in, or installed from, a local clusterctl repository; the message says what to fix.</summary>
public sealed class ComponentInstallException(string message, Exception? inner = null) : Exception(message, inner);
