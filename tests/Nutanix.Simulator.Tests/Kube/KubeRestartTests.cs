using System.Net;

namespace Nutanix.Simulator.Tests.Kube;

public sealed class KubeRestartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kube-restart-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Server_restart_on_the_same_state_directory_finds_objects()
    {
        string uid;
        await using (var first = await KubeTestServer.StartAsync(directory: _dir))
        {
            var (code, created) = await first.SendAsync(HttpMethod.Post, "/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters", Manifests.Cluster("keep"));
            Assert.Equal(HttpStatusCode.Created, code);
            uid = (string)created["metadata"]!["uid"]!;
            await first.SendAsync(HttpMethod.Post, "/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters", Manifests.Cluster("drop"));
            await first.SendAsync(HttpMethod.Delete, "/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters/drop");
        }

        await using var second = await KubeTestServer.StartAsync(directory: _dir);
        var (getCode, again) = await second.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters/keep");
        Assert.Equal(HttpStatusCode.OK, getCode);
        Assert.Equal(uid, (string?)again["metadata"]!["uid"]);
        Assert.Equal(HttpStatusCode.NotFound, (await second.SendAsync(HttpMethod.Get, "/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters/drop")).Code);
        var (_, providers) = await second.SendAsync(HttpMethod.Get, "/apis/clusterctl.cluster.x-k8s.io/v1alpha3/providers");
        Assert.Equal(4, providers["items"]!.AsArray().Count);
    }
}
