using Nutanix.Capi.Gateway;

namespace Nutanix.Capi.Tests;

/// <summary>clusterctl's variable rules (its simple processor over drone/envsubst), checked form by form.</summary>
public sealed class ComponentVariablesTests
{
    private static string Run(string text, IReadOnlyDictionary<string, string>? values = null) =>
        ComponentVariables.Substitute(text, "f.yaml", n => values?.GetValueOrDefault(n), "Set it.");

    [Theory]
    [InlineData("a=${V}", "a=x")]
    [InlineData("a=${V:=d}", "a=x")]
    [InlineData("a=${V:-d}", "a=x")]
    [InlineData("a=${V=d}", "a=x")]
    public void A_set_variable_wins_over_any_default(string text, string expected) =>
        Assert.Equal(expected, Run(text, new Dictionary<string, string> { ["V"] = "x" }));

    [Theory]
    [InlineData("--zap-log-level=${NUTANIX_LOG_LEVEL=info}", "--zap-log-level=info")]
    [InlineData("\"port\": ${NUTANIX_PORT=9440},", "\"port\": 9440,")]
    [InlineData("--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}", "--diagnostics-address=:8443")]
    [InlineData("x=${V:-fallback}", "x=fallback")]
    [InlineData("ca.crt: \"${NUTANIX_ADDITIONAL_TRUST_BUNDLE=''}\"", "ca.crt: \"''\"")]
    [InlineData("x=${V:=${OTHER}-suffix}", "x=o-suffix")]
    public void An_unset_variable_takes_its_default(string text, string expected) =>
        Assert.Equal(expected, Run(text, new Dictionary<string, string> { ["OTHER"] = "o" }));

    [Fact]
    public void An_empty_value_also_takes_the_default_in_every_form_as_envsubst_does()
    {
        var empty = new Dictionary<string, string> { ["V"] = string.Empty };
        Assert.Equal("d d d", Run("${V:=d} ${V:-d} ${V=d}", empty));
        // An empty value is still a value: ${V} is not "missing".
        Assert.Equal("[]", Run("[${V}]", empty));
    }

    [Fact]
    public void Variables_without_value_or_default_are_refused_all_named_with_file_lines_and_the_fix()
    {
        var ex = Assert.Throws<ComponentInstallException>(() => Run("a: ${B_VAR}\nb: ${A_VAR}\nc: ${C:=}\nd: ${D:=ok}\n"));
        Assert.Contains("f.yaml needs a value for variables A_VAR, B_VAR, C", ex.Message, StringComparison.Ordinal);
        Assert.Contains("A_VAR (line 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("B_VAR (line 1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("value for variables [A_VAR, B_VAR, C] is not set", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Set it.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("variables", ex.Attribute);
    }

    [Fact]
    public void The_first_occurrence_decides_whether_a_variable_is_required()
    {
        // clusterctl records a variable's default from its first occurrence only.
        Assert.Equal("d []", Run("${V:=d} [${V}]"));
        Assert.Throws<ComponentInstallException>(() => Run("[${V}] ${V:=d}"));
    }

    [Fact]
    public void Dollar_escapes_legacy_spacing_and_bare_dollars()
    {
        Assert.Equal("${NOT_A_VAR} $HOME", Run("$${NOT_A_VAR} $HOME"));
        Assert.Equal("x x x", Run("${ V} ${V } ${ V }", new Dictionary<string, string> { ["V"] = "x" }));
    }

    [Theory]
    [InlineData("a: ${V-d}", "missing closing brace")]
    [InlineData("a: ${V:1:2}", "string function")]
    [InlineData("a: ${V^^}", "string function")]
    [InlineData("a: ${V/x/y}", "string function")]
    [InlineData("a: ${}", "no variable name")]
    [InlineData("a: ${V:=open", "not closed")]
    public void Forms_clusterctl_cannot_parse_or_no_provider_uses_are_refused_with_the_line(string text, string why)
    {
        var ex = Assert.Throws<ComponentInstallException>(() => Run("first: line\n" + text));
        Assert.Contains("f.yaml line 2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_lists_variables_with_their_first_default()
    {
        var variables = ComponentVariables.Inspect("${A}\n${B=x}\n${A:=later}\n${C:-}", "f.yaml");
        Assert.Equal(["A", "B", "C"], variables.Select(v => v.Name));
        Assert.True(variables[0].Required);
        Assert.Equal("x", variables[1].Default);
        Assert.True(variables[2].Required);
        Assert.Equal(2, variables[1].Line);
    }
}
