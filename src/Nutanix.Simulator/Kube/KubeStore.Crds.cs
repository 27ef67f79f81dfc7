using System.Text.Json.Nodes;
using Kubernetes.Machinery.Schema;

namespace Nutanix.Simulator.Kube;

/// <summary>
/// CustomResourceDefinitions as kube-apiserver's apiextensions half handles them: a CRD written through the API is
/// checked (name = plural.group, exactly one storage version, a schema per version, immutable group and scope, no
/// version dropped while stored), defaulted (singular, listKind, conversion strategy None), gets the
/// <c>customresourcecleanup.apiextensions.k8s.io</c> finalizer and its status (acceptedNames, NamesAccepted and
/// Established conditions, storedVersions), and its kind is served at once in its served versions (discovery,
/// OpenAPI, validation follow). A kind already claimed in the group by another CRD leaves the new one
/// NamesAccepted=False and unserved. Deleting a CRD marks it Terminating, deletes every object of its kind (their
/// finalizers respected), refuses new ones, and removes the CRD — and stops serving the kind — once none is left.
/// </summary>
public sealed partial class KubeStore
{
    internal const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    private static bool IsCrdType(ResourceType type) => type.Group == "apiextensions.k8s.io" && type.Plural == "customresourcedefinitions";

    private ResourceType CrdType => Registry.Find("apiextensions.k8s.io", "customresourcedefinitions")!;

    /// <summary>The CRDs the registry starts with, stored as established (not persisted: they come with the binary or --crd-dir).</summary>
    private void LoadCrds()
    {
        var type = CrdType;
        foreach (var crd in Registry.Crds)
        {
            var obj = crd.DeepClone().AsObject();
            var meta = obj["metadata"]!.AsObject();
            var name = (string)meta["name"]!;
            meta["uid"] = DeterministicUid(name);
            meta["creationTimestamp"] = Now();
            meta["generation"] = 1;
            meta["finalizers"] = new JsonArray(CrdCleanupFinalizer);
            meta["resourceVersion"] = NextResourceVersion();
            DefaultCrd(obj);
            obj["status"] = CrdStatus(obj, null, conflict: null);
            _data[type][Key(null, name)] = obj;
        }
    }

    /// <summary>Checks and defaults a CRD being created or updated and computes its status (under the lock).</summary>
    private void PrepareCrd(JsonObject crd, JsonObject? old)
    {
        DefaultCrd(crd);
        var errors = CheckCrd(crd, old);
        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (errors.Count > 0) throw KubeApiException.Invalid(CrdType, name, errors);
        if (old is null)
        {
            var finalizers = Finalizers(crd);
            if (!finalizers.Contains(CrdCleanupFinalizer)) finalizers.Add(CrdCleanupFinalizer);
            crd["metadata"]!["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }

        crd["status"] = CrdStatus(crd, old?["status"] as JsonObject, KindConflict(crd));
    }

    private static void DefaultCrd(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec) return;
        if (spec["names"] is JsonObject names && (string?)names["kind"] is { Length: > 0 } kind)
        {
            names["singular"] ??= kind.ToLowerInvariant();
            names["listKind"] ??= kind + "List";
        }

        spec["conversion"] ??= new JsonObject { ["strategy"] = "None" };
    }

    private List<FieldError> CheckCrd(JsonObject crd, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec", "Required value"));
            return errors;
        }

        var group = (string?)spec["group"] ?? "";
        var plural = (string?)spec["names"]?["plural"] ?? "";
        var kind = (string?)spec["names"]?["kind"] ?? "";
        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (group.Length == 0) errors.Add(FieldError.Required("spec.group", "Required value"));
        else if (!group.Contains('.', StringComparison.Ordinal)) errors.Add(FieldError.InvalidValue("spec.group", Quote(group), "should be a domain with at least one dot"));
        if (plural.Length == 0) errors.Add(FieldError.Required("spec.names.plural", "Required value"));
        if (kind.Length == 0) errors.Add(FieldError.Required("spec.names.kind", "Required value"));
        if (group.Length > 0 && plural.Length > 0 && name != plural + "." + group)
        {
            errors.Add(FieldError.InvalidValue("metadata.name", Quote(name), "must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = (string?)spec["scope"];
        if (scope is not ("Namespaced" or "Cluster")) errors.Add(new FieldError("spec.scope", "FieldValueNotSupported", $"Unsupported value: {Quote(scope ?? "")}: supported values: \"Cluster\", \"Namespaced\""));
        var versions = (spec["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (versions.Count == 0) errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
        else if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(FieldError.InvalidValue("spec.versions", "[]apiextensions.CustomResourceDefinitionVersion{...}", "must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]["schema"]?["openAPIV3Schema"] is not JsonObject schema)
            {
                errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
                continue;
            }

            try
            {
                SchemaNode.Compile(schema);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                errors.Add(FieldError.InvalidValue($"spec.versions[{i}].schema.openAPIV3Schema", "{...}", e.Message));
            }
        }

        if (spec["conversion"]?["strategy"] is JsonValue strategy && (string?)strategy == "Webhook" && spec["conversion"]?["webhook"]?["clientConfig"] is null)
        {
            errors.Add(FieldError.Required("spec.conversion.webhook", "required when strategy is set to Webhook"));
        }

        if (old is not null)
        {
            var oldSpec = old["spec"]!;
            if ((string?)oldSpec["group"] != group) errors.Add(FieldError.InvalidValue("spec.group", Quote(group), "field is immutable"));
            if ((string?)oldSpec["scope"] != scope) errors.Add(FieldError.InvalidValue("spec.scope", Quote(scope ?? ""), "field is immutable"));
            var present = versions.Select(v => (string?)v["name"]).ToHashSet(StringComparer.Ordinal);
            foreach (var stored in (old["status"]?["storedVersions"] as JsonArray ?? []).Select(v => (string?)v))
            {
                if (stored is not null && !present.Contains(stored))
                {
                    errors.Add(FieldError.InvalidValue("status.storedVersions[0]", Quote(stored), "must appear in spec.versions"));
                }
            }
        }

        return errors;
    }

    /// <summary>The name of another CRD of the same group already serving this kind, or null.</summary>
    private string? KindConflict(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"];
        var kind = (string?)crd["spec"]?["names"]?["kind"];
        var name = (string?)crd["metadata"]?["name"];
        return _data[CrdType].Values
            .Where(o => (string?)o["metadata"]?["name"] != name && (string?)o["spec"]?["group"] == group && (string?)o["status"]?["acceptedNames"]?["kind"] == kind)
            .Select(o => (string?)o["metadata"]?["name"]).FirstOrDefault();
    }

    private JsonObject CrdStatus(JsonObject crd, JsonObject? old, string? conflict)
    {
        var now = Now();
        var oldConditions = old?["conditions"] as JsonArray;
        JsonObject Condition(string type, bool status, string reason, string message)
        {
            var previous = oldConditions?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
            var text = status ? "True" : "False";
            var since = previous is not null && (string?)previous["status"] == text ? (string?)previous["lastTransitionTime"] ?? now : now;
            return new JsonObject { ["type"] = type, ["status"] = text, ["lastTransitionTime"] = since, ["reason"] = reason, ["message"] = message };
        }

        var conditions = new JsonArray();
        var accepted = conflict is null;
        conditions.Add((JsonNode)(accepted
            ? Condition("NamesAccepted", true, "NoConflicts", "no conflicts found")
            : Condition("NamesAccepted", false, "KindConflict", $"\"{crd["spec"]!["names"]!["kind"]}\" is already in use by {conflict}")));
        conditions.Add((JsonNode)(accepted
            ? Condition("Established", true, "InitialNamesAccepted", "the initial names have been accepted")
            : Condition("Established", false, "NotAccepted", "not all names are accepted")));
        if (crd["metadata"]?["deletionTimestamp"] is not null)
        {
            conditions.Add((JsonNode)Condition("Terminating", true, "InstanceDeletionInProgress", "CustomResource deletion is in progress"));
        }

        var stored = (old?["storedVersions"] as JsonArray)?.Select(v => (string?)v).OfType<string>().ToList() ?? [];
        var storage = (crd["spec"]!["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"];
        if ((string?)storage is { } s && !stored.Contains(s)) stored.Add(s);
        var status = new JsonObject
        {
            ["conditions"] = conditions,
            ["storedVersions"] = new JsonArray(stored.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        };
        status["acceptedNames"] = accepted ? crd["spec"]!["names"]!.DeepClone() : old?["acceptedNames"]?.DeepClone() ?? new JsonObject { ["kind"] = "", ["plural"] = "" };
        return status;
    }

    /// <summary>After a CRD is stored: serve its kind when Established (re-keying the kind's objects to the new type).</summary>
    private void OnCrdStored(JsonObject crd)
    {
        var established = (crd["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Established" && (string?)c["status"] == "True") == true;
        var group = (string)crd["spec"]!["group"]!;
        var plural = (string)crd["spec"]!["names"]!["plural"]!;
        if (!established)
        {
            return;
        }

        var type = Registry.Register(crd.DeepClone().AsObject());
        if (type is null)
        {
            Registry.Unregister(group, plural);
            return;
        }

        var objects = _data.TryGetValue(type, out var existing) ? existing : new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        _data.Remove(type);
        _data[type] = objects;
        if (_deleting.Remove(type, out var deleting)) _deleting[type] = deleting;
    }

    /// <summary>After a CRD is gone: stop serving its kind.</summary>
    private void OnCrdRemoved(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"];
        var plural = (string?)crd["spec"]?["names"]?["plural"];
        if (group is null || plural is null) return;
        var type = Registry.Find(group, plural);
        Registry.Unregister(group, plural);
        if (type is not null && _data.TryGetValue(type, out var objects) && objects.Count == 0)
        {
            _data.Remove(type);
            _deleting.Remove(type);
        }
    }

    /// <summary>A CRD marked for deletion: delete every object of its kind.</summary>
    private void DeleteCrdInstances(JsonObject crd)
    {
        var type = CustomTypeOf(crd);
        if (type is null || !_data.TryGetValue(type, out var objects)) return;
        foreach (var o in objects.Values.ToList())
        {
            DeleteLocked(type, o, PropagationPolicy.Background);
        }
    }

    private ResourceType? CustomTypeOf(JsonObject crd)
    {
        var group = (string?)crd["spec"]?["group"];
        var plural = (string?)crd["spec"]?["names"]?["plural"];
        return group is null || plural is null ? null : _data.Keys.FirstOrDefault(t => t.IsCustom && t.Group == group && t.Plural == plural);
    }

    /// <summary>True (and the CRD removed) when a terminating CRD has no objects left and only its cleanup finalizer.</summary>
    private bool SettleCrd(JsonObject crd)
    {
        var finalizers = Finalizers(crd);
        if (!finalizers.Contains(CrdCleanupFinalizer)) return false;
        var type = CustomTypeOf(crd);
        if (type is not null && _data[type].Count > 0) return false;
        ReleaseFinalizer(CrdType, crd, finalizers, CrdCleanupFinalizer);
        return true;
    }

    /// <summary>Objects of a kind whose CRD is being deleted cannot be created (405, as kube-apiserver answers).</summary>
    private void RefuseCreateWhileCrdTerminates(ResourceType type)
    {
        var crd = _data[CrdType].GetValueOrDefault(Key(null, type.QualifiedResource));
        if (crd?["metadata"]?["deletionTimestamp"] is not null)
        {
            throw KubeApiException.MethodNotAllowed("create not allowed while custom resource definition is terminating");
        }
    }
}
