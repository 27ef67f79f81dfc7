using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The emulated management-cluster controllers (Deployments, CAPI core, kubeadm bootstrap and control plane, CAPX)
/// as one background service. It watches the store and runs level-triggered reconcile passes over every object on
/// each change, when a step delay falls due, and on a periodic resync. All state lives in the store and the
/// inventory, so a restarted simulator picks up where it stopped. Controllers of a provider act only while that
/// provider's controller-manager Deployment is Available (see <see cref="ProviderInstallation"/>).
/// </summary>
public sealed class SimulatedControllers : BackgroundService
{
    private readonly KubeStore _store;
    private readonly PrismInventory _inventory;
    private readonly PrismCredentials _credentials;
    private readonly ControllerTimings _timings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);
    private long _passes;

    public SimulatedControllers(KubeStore store, PrismInventory inventory, PrismCredentials credentials, ControllerTimings timings,
        ILogger<SimulatedControllers>? logger = null, TimeProvider? time = null)
    {
        _store = store;
        _inventory = inventory;
        _credentials = credentials;
        _timings = timings;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>Number of reconcile passes run so far (diagnostics).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var types = new CapiResources(_store.Registry);
        var watches = types.Watched().Select(t => _store.Watch(t)).ToList();
        var pumps = watches.Select(w => PumpAsync(w, stoppingToken)).ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (requeue, nextDue) = RunPass(types);
                var wait = _timings.Resync;
                if (requeue) wait = TimeSpan.Zero;
                else if (nextDue is { } due)
                {
                    var untilDue = due - _time.GetUtcNow();
                    if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue + TimeSpan.FromMilliseconds(1);
                }

                if (wait > TimeSpan.Zero) await WaitAsync(wait, stoppingToken);
                else await Task.Yield();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(KubeWatch watch, CancellationToken token)
    {
        try
        {
            await foreach (var _ in watch.Events.ReadAllAsync(token))
            {
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(wait);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
        }
    }

    /// <summary>One reconcile pass over everything; returns whether to run again at once and when the next step falls due.</summary>
    private (bool Requeue, DateTimeOffset? NextDue) RunPass(CapiResources types)
    {
        Interlocked.Increment(ref _passes);
        var ctx = new ReconcileContext(_store, types, _inventory, _credentials, _timings, _time, _logger, _firstSeen);
        Run(ctx, "deployment", DeploymentController.Reconcile);
        var installed = ProviderInstallation.Detect(ctx);
        if (installed.Core)
        {
            Run(ctx, "cluster", ClusterController.Reconcile);
            if (types.MachineDeployment is not null && types.MachineSet is not null)
            {
                Run(ctx, "machinedeployment", MachineDeploymentController.Reconcile);
                Run(ctx, "machineset", MachineSetController.Reconcile);
            }

            Run(ctx, "machine", MachineController.Reconcile);
        }

        if (installed.ControlPlane && types.Machine is not null && types.Cluster is not null) Run(ctx, "kubeadmcontrolplane", KubeadmControlPlaneController.Reconcile);
        if (installed.Bootstrap && types.Machine is not null && types.Cluster is not null) Run(ctx, "kubeadmconfig", KubeadmConfigController.Reconcile);
        if (installed.Infrastructure && types.Cluster is not null && types.Machine is not null)
        {
            Run(ctx, "nutanixcluster", NutanixClusterController.Reconcile);
            Run(ctx, "nutanixmachine", NutanixMachineController.Reconcile);
        }

        ctx.PruneTimers();
        return (ctx.Requeue, ctx.NextDue);
    }

    private void Run(ReconcileContext ctx, string name, Action<ReconcileContext> reconcile)
    {
        try
        {
            reconcile(ctx);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A controller bug must not stop the simulator (an escaping exception would stop the host).
            _logger.LogError(e, "The emulated {Controller} controller failed; retrying on the next pass", name);
        }
    }
}
