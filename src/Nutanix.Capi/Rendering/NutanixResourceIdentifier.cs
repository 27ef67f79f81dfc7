using Nutanix.Capi.Model;

namespace Nutanix.Capi.Rendering;

/// <summary>How a Prism resource is referenced (CAPX NutanixResourceIdentifier.type).</summary>
public enum IdentifierType
{
    Name,
    Uuid,
}

/// <summary>A Prism Central resource (PE cluster, subnet, image, project...) referenced by name or UUID.</summary>
public sealed record NutanixResourceIdentifier(IdentifierType Type, string Value)
{
    /// <summary>Detects a UUID (8-4-4-4-12 hex) and otherwise treats the text as a name.</summary>
    public static NutanixResourceIdentifier Parse(string nameOrUuid)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUuid);
        return IsUuid(nameOrUuid) ? new(IdentifierType.Uuid, nameOrUuid.ToLowerInvariant()) : new(IdentifierType.Name, nameOrUuid);
    }

    public static NutanixResourceIdentifier ByName(string name) => new(IdentifierType.Name, name);

    public static NutanixResourceIdentifier ByUuid(string uuid) => new(IdentifierType.Uuid, uuid);

    /// <summary>True for the canonical 36-character UUID form.</summary>
    public static bool IsUuid(string text) =>
        text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    /// <summary>The CAPX form: <c>{type: name, name: ...}</c> or <c>{type: uuid, uuid: ...}</c>.</summary>
    public ResourceIdentifier ToModel() => Type == IdentifierType.Uuid
        ? new ResourceIdentifier("uuid", null, Value)
        : new ResourceIdentifier("name", Value, null);
}
