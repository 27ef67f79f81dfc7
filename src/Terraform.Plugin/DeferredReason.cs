namespace Terraform.Plugin;

/// <summary>Why an answer is deferred to a later plan/apply round (tfplugin6 <c>Deferred.Reason</c>).</summary>
public enum DeferredReason
{
    Unknown = 0,

    /// <summary>The configuration depends on values not known yet.</summary>
    ResourceConfigUnknown = 1,

    /// <summary>The provider's configuration depends on values not known yet.</summary>
    ProviderConfigUnknown = 2,

    /// <summary>Something this depends on does not exist yet.</summary>
    AbsentPrerequisite = 3,
}
