using System.Text.Json.Nodes;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// Admission webhooks as the apiserver calls them on create and update of the main resource (not the
/// <c>status</c>/<c>scale</c> subresources, which the emulated webhooks do not register for): mutating webhooks
/// before schema validation, validating webhooks after it. Dry-run writes are admitted too (the emulated webhooks
/// declare <c>sideEffects: None</c>).
/// </summary>
public interface IKubeAdmission
{
    /// <summary>Mutating admission: changes <paramref name="obj"/> in place. <paramref name="old"/> is null on create.</summary>
    void Mutate(ResourceType type, JsonObject? old, JsonObject obj);

    /// <summary>
    /// Validating admission: throws the <see cref="KubeApiException"/> the apiserver answers with when a webhook
    /// denies the write. <paramref name="old"/> is null on create.
    /// </summary>
    void Validate(ResourceType type, JsonObject? old, JsonObject obj);
}
