namespace Nutanix.Simulator.Inventory;

/// <summary>
/// A request Prism refuses. <see cref="StatusCode"/> and <see cref="Reason"/> (e.g. <c>ENTITY_NOT_FOUND</c>,
/// <c>INVALID_REQUEST</c>) become the v3 error body; the message never contains credentials.
/// </summary>
public sealed class PrismApiException(int statusCode, string reason, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Reason { get; } = reason;

    public static PrismApiException NotFound(string kind, string uuid) =>
        new(404, "ENTITY_NOT_FOUND", $"{kind} : {uuid} not found");

    public static PrismApiException Invalid(string message) => new(422, "INVALID_REQUEST", message);
}
