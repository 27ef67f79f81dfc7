using Nutanix.Capi.Model;
using Terraform.Plugin.Schemas;
using Terraform.Plugin.Values;

namespace TerraformProvider.Nutanix.Plumbing;

/// <summary>The <c>timeouts</c> attribute: an optional object of durations per operation (e.g. <c>create = "20m"</c>).</summary>
internal static class Timeouts
{
    public static SingleNestedAttribute Attribute(params string[] operations) => new()
    {
        Optional = true,
        MarkdownDescription = "Time limits per operation, as durations such as `\"10m\"` or `\"1h\"`.",
        Attributes = operations.ToDictionary(
            o => o,
            o => (Terraform.Plugin.Schemas.Attribute)new StringAttribute
            {
                Optional = true,
                MarkdownDescription = $"Time limit for {o}.",
                Validators = [Validators.Custom("a positive duration such as \"10m\"",
                    v => Duration.TryParse(v.AsString(), out var d) && d > TimeSpan.Zero ? null : $"\"{v.AsString()}\" is not a positive duration such as \"10m\" or \"1h30m\"")],
            }),
    };

    /// <summary>The configured timeout for <paramref name="operation"/>, or <paramref name="fallback"/>.</summary>
    public static TimeSpan Get(CtyValue resource, string operation, TimeSpan fallback)
    {
        if (!resource.TryGetValue("timeouts", out var timeouts) || timeouts.IsNull || !timeouts.IsKnown)
        {
            return fallback;
        }

        var value = timeouts[operation];
        return value.IsKnown && !value.IsNull && Duration.TryParse(value.AsString(), out var d) && d > TimeSpan.Zero ? d : fallback;
    }
}
