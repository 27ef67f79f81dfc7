namespace Nutanix.Simulator.Inventory;

/// <summary>An inventory file was refused; the message names the file, the JSON path of the field and the reason.</summary>
public sealed class InventoryException(string file, string jsonPath, string reason)
    : Exception($"inventory {file}: {jsonPath}: {reason}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = jsonPath;
    public string Reason { get; } = reason;
}
