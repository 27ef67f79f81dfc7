namespace Nutanix.Simulator.Tests.Kube;

/// <summary>One seeded in-process API server shared by a test class; tests use their own namespaces.</summary>
public sealed class KubeServerFixture : IAsyncLifetime
{
    private KubeTestServer? _server;

    public KubeTestServer Server => _server ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync() => _server = await KubeTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
