using System.Text.Json.Serialization;

namespace Nutanix.Prism.Models;

/// <summary>A v3 task (<c>GET /tasks/{uuid}</c>).</summary>
public sealed record PrismTask
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    /// <summary><c>QUEUED</c>, <c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>ABORTED</c> or <c>INVALID_UUID</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("percentage_complete")]
    public int? PercentageComplete { get; init; }

    [JsonPropertyName("progress_message")]
    public string? ProgressMessage { get; init; }

    [JsonPropertyName("error_detail")]
    public string? ErrorDetail { get; init; }

    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("operation_type")]
    public string? OperationType { get; init; }

    [JsonPropertyName("entity_reference_list")]
    public IReadOnlyList<EntityReference>? EntityReferenceList { get; init; }

    [JsonPropertyName("creation_time")]
    public string? CreationTime { get; init; }

    [JsonPropertyName("completion_time")]
    public string? CompletionTime { get; init; }

    /// <summary>True while the task is <c>QUEUED</c> or <c>RUNNING</c>.</summary>
    [JsonIgnore]
    public bool IsPending => Status is TaskStatuses.Queued or TaskStatuses.Running;

    [JsonIgnore]
    public bool IsSucceeded => Status == TaskStatuses.Succeeded;
}

/// <summary>The task status strings Prism Central reports.</summary>
public static class TaskStatuses
{
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Aborted = "ABORTED";
    public const string InvalidUuid = "INVALID_UUID";
}
