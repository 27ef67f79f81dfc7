using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary><c>status.resources</c> of a v3 user (<c>GET /users/me</c>).</summary>
public sealed record UserResources
{
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    /// <summary>e.g. <c>LOCAL</c>, <c>DIRECTORY_SERVICE</c>, <c>SERVICE_ACCOUNT</c>.</summary>
    [JsonPropertyName("user_type")]
    public string? UserType { get; init; }

    [JsonPropertyName("access_control_policy_reference_list")]
    public IReadOnlyList<EntityReference>? AccessControlPolicyReferenceList { get; init; }

    [JsonPropertyName("projects_reference_list")]
    public IReadOnlyList<EntityReference>? ProjectsReferenceList { get; init; }
}
