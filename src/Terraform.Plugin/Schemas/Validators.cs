using System.Globalization;
using System.Text.RegularExpressions;
using Terraform.Plugin.Diagnostics;
using Terraform.Plugin.Values;

namespace Terraform.Plugin.Schemas;

/// <summary>Ready-made attribute validators.</summary>
public static class Validators
{
    /// <summary>String length (in Unicode scalar values) within [min, max].</summary>
    public static IValidator StringLengthBetween(int min, int max) => new Rule(
        string.Create(CultureInfo.InvariantCulture, $"string length must be between {min} and {max}"),
        v =>
        {
            var length = v.AsString().EnumerateRunes().Count();
            return length >= min && length <= max ? null : string.Create(CultureInfo.InvariantCulture, $"got a string of length {length}");
        });

    /// <summary>String matches <paramref name="pattern"/>; <paramref name="message"/> explains the rule to users.</summary>
    public static IValidator StringMatches(Regex pattern, string message)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new Rule(message, v => pattern.IsMatch(v.AsString()) ? null : $"value \"{v.AsString()}\" does not match");
    }

    /// <summary>String is one of <paramref name="allowed"/> (ordinal comparison).</summary>
    public static IValidator StringOneOf(params string[] allowed)
    {
        var set = allowed.ToHashSet(StringComparer.Ordinal);
        var list = string.Join(", ", allowed.Select(a => $"\"{a}\""));
        return new Rule($"value must be one of: {list}", v => set.Contains(v.AsString()) ? null : $"got \"{v.AsString()}\"");
    }

    /// <summary>Number is a whole number within [min, max].</summary>
    public static IValidator Int64Between(long min, long max) => new Rule(
        string.Create(CultureInfo.InvariantCulture, $"value must be a whole number between {min} and {max}"),
        v => v.AsNumber().TryGetInt64(out var n) && n >= min && n <= max ? null : $"got {v.AsNumber()}");

    /// <summary>
    /// Custom rule: <paramref name="check"/> returns null when the value is fine, else a short explanation.
    /// </summary>
    public static IValidator Custom(string description, Func<CtyValue, string?> check) =>
        new Rule(description, check ?? throw new ArgumentNullException(nameof(check)));

    private sealed class Rule(string description, Func<CtyValue, string?> check) : IValidator
    {
        public string Description => description;

        public void Validate(ValidatorRequest request, DiagnosticBag diagnostics)
        {
            var problem = check(request.Value);
            if (problem is not null)
            {
                diagnostics.AddAttributeError(request.Path, "Invalid attribute value", $"Attribute {request.Path}: {description}; {problem}.");
            }
        }
    }
}
