namespace Nutanix.Simulator.Hosting;

/// <summary>A startup problem the user can fix (bad option, busy port, unwritable directory); printed as one line.</summary>
public sealed class SimulatorStartupException(string message, Exception? inner = null) : Exception(message, inner);
