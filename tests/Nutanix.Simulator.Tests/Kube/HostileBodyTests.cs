using System.Net;
using System.Text;

namespace Nutanix.Simulator.Tests.Kube;

/// <summary>
/// Request bodies that would exhaust memory or the stack if parsed naively (an alias bomb, 100 000 nested brackets)
/// are answered 400 BadRequest, as kube-apiserver does, and the server keeps serving.
/// </summary>
public sealed class HostileBodyTests(KubeServerFixture fixture) : IClassFixture<KubeServerFixture>
{
    private KubeTestServer Server => fixture.Server;

    private const string Apply = "application/apply-patch+yaml";

    private static string BillionLaughsConfigMap()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nlols:\n");
        sb.Append("  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            sb.Append("  ").Append(level).Append(": &").Append(level).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        }

        return sb.ToString();
    }

    [Fact]
    public async Task An_alias_bomb_in_an_apply_body_is_a_bad_request()
    {
        var (code, status) = await Server.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/lol?fieldManager=t", BillionLaughsConfigMap(), Apply);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("aliases expand to more than", (string?)status["message"], StringComparison.Ordinal);
        var (after, _) = await Server.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/json")]
    public async Task A_hundred_thousand_nested_brackets_are_a_bad_request(string contentType)
    {
        const int depth = 100_000;
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\"},\"x\":"
            + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}";
        var (code, _) = await Server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        var (after, _) = await Server.SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.OK, after);
    }
}
