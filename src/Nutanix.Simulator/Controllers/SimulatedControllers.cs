using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nutanix.Simulator.Inventory;
using Nutanix.Simulator.Kube;
using Nutanix.Simulator.Prism;

namespace Nutanix.Simulator.Controllers;

/// <summary>
/// The emulated management-cluster controllers (Deployments, CAPI core, kubeadm bootstrap and control plane, CAPX)
/// as one background service. It watches the store and runs level-triggered reconcile passes over the objects of
/// the workload clusters that changed (see <see cref="ClusterScope"/>), over those whose step delay falls due, and a
/// full pass over everything at start, on a periodic resync and after a change that belongs to no known cluster
/// (Deployments, i.e. provider installation, included). All state lives in the store and the inventory, so a
/// restarted simulator picks up where it stopped. Controllers of a provider act only while that provider's
/// controller-manager Deployment is Available (see <see cref="ProviderInstallation"/>).
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
    private readonly StepTimers _timers = new();

    // Work noted by the watch pumps, taken by the loop at the start of a pass (guarded by _gate).
    private readonly Lock _gate = new();
    private HashSet<ClusterKey> _dirty = [];
    private bool _dirtyAll = true;
    private readonly Dictionary<string, List<ClusterKey>> _clustersByUid = new(StringComparer.Ordinal);

    private int _passThread;
    private long _passes;
    private long _fullPasses;
    private long _reconciled;

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

    /// <summary>Number of full passes (over every object) run so far (diagnostics).</summary>
    public long FullPasses => Interlocked.Read(ref _fullPasses);

    /// <summary>Number of objects listed for reconciling, summed over all passes and controllers (diagnostics).</summary>
    public long ReconciledObjects => Interlocked.Read(ref _reconciled);

    /// <summary>Raised after each pass with the clusters it reconciled (null for a full pass); for tests and diagnostics.</summary>
    internal event Action<IReadOnlyCollection<ClusterKey>?>? PassCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One watch over everything: kinds appear while the simulator runs (CRDs installed with the providers'
        // components), so the pump filters by kind instead of watching a fixed list of types.
        var watches = new List<KubeWatch> { _store.WatchAll() };
        var pumps = watches.Select(w => PumpAsync(w, stoppingToken)).ToList();
        var lastFull = DateTimeOffset.MinValue;
        _inventory.Changed += OnInventoryChanged;
        _credentials.Rotated += OnOutsideChange;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                var run = false;
                HashSet<ClusterKey>? scope = null;
                lock (_gate)
                {
                    if (_timers.CollectDue(now, _dirty)) _dirtyAll = true;
                    if (now - lastFull >= _timings.Resync) _dirtyAll = true;
                    if (_dirtyAll || _dirty.Count > 0)
                    {
                        run = true;
                        scope = _dirtyAll ? null : _dirty;
                        _dirty = [];
                        _dirtyAll = false;
                    }
                }

                if (run)
                {
                    if (scope is null) lastFull = now;
                    var (requeueAll, requeue) = RunPass(new CapiResources(_store.Registry), scope);
                    if (requeueAll || requeue.Count > 0)
                    {
                        lock (_gate)
                        {
                            _dirtyAll |= requeueAll;
                            _dirty.UnionWith(requeue);
                        }
                    }
                }

                TimeSpan wait;
                lock (_gate) wait = _dirtyAll || _dirty.Count > 0 ? TimeSpan.Zero : Until(lastFull + _timings.Resync);
                if (wait > TimeSpan.Zero && _timers.NextDue() is { } due)
                {
                    var untilDue = Until(due);
                    if (untilDue < wait) wait = untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue + TimeSpan.FromMilliseconds(1);
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
            _inventory.Changed -= OnInventoryChanged;
            _credentials.Rotated -= OnOutsideChange;
            _logger.LogInformation("Emulated controllers stopped after {Passes} passes ({Full} full), {Objects} objects reconciled",
                Passes, FullPasses, ReconciledObjects);
            foreach (var w in watches) w.Dispose();
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    private TimeSpan Until(DateTimeOffset when)
    {
        var left = when - _time.GetUtcNow();
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    /// <summary>Notes the clusters each event's object belongs to (before and after the change) as dirty and wakes the loop.</summary>
    private async Task PumpAsync(KubeWatch watch, CancellationToken token)
    {
        try
        {
            await foreach (var e in watch.Events.ReadAllAsync(token))
            {
                if (e.Resource.Group == "apiextensions.k8s.io")
                {
                    // A kind came or went (a provider's CRDs installed or removed): everything may be affected.
                    lock (_gate) _dirtyAll = true;
                }
                else if (CapiResources.IsWatched(e.Resource))
                {
                    Note(e);
                }
                else
                {
                    continue;
                }

                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// A Prism inventory change made by someone other than the controllers (the Prism API: a VM deleted or changed, a
    /// category edited) may matter to any cluster: run a full pass. The controllers' own changes happen on the pass's
    /// thread, which is synchronous, and are ignored.
    /// </summary>
    private void OnInventoryChanged(object? sender, InventoryChange change)
    {
        if (Volatile.Read(ref _passThread) == Environment.CurrentManagedThreadId) return;
        OnOutsideChange();
    }

    /// <summary>A change outside the store (inventory, Prism password): full pass soon.</summary>
    private void OnOutsideChange()
    {
        lock (_gate) _dirtyAll = true;
        _wake.Writer.TryWrite(true);
    }

    private void Note(WatchEvent e)
    {
        // Deployments are the provider installation: a change can start or stop a controller for every cluster.
        var keys = e.Resource.Group == "apps" ? [] : ClusterScope.Of(e.Object);
        var uid = (string?)e.Object["metadata"]?["uid"];
        lock (_gate)
        {
            List<ClusterKey>? before = null;
            if (uid is not null)
            {
                _clustersByUid.TryGetValue(uid, out before);
                if (e.Type == WatchEvent.Deleted || keys.Count == 0) _clustersByUid.Remove(uid);
                else _clustersByUid[uid] = keys;
            }

            if (keys.Count == 0) _dirtyAll = true;
            _dirty.UnionWith(keys);
            if (before is not null) _dirty.UnionWith(before);
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

    /// <summary>One reconcile pass over the objects of <paramref name="scope"/>'s clusters (everything when null); returns what to reconcile again at once.</summary>
    private (bool RequeueAll, HashSet<ClusterKey> Requeue) RunPass(CapiResources types, HashSet<ClusterKey>? scope)
    {
        Interlocked.Increment(ref _passes);
        if (scope is null) Interlocked.Increment(ref _fullPasses);
        Volatile.Write(ref _passThread, Environment.CurrentManagedThreadId);
        try
        {
            return RunPassCore(types, scope);
        }
        finally
        {
            Volatile.Write(ref _passThread, 0);
        }
    }

    private (bool RequeueAll, HashSet<ClusterKey> Requeue) RunPassCore(CapiResources types, HashSet<ClusterKey>? scope)
    {
        var ctx = new ReconcileContext(_store, types, _inventory, _credentials, _timings, _time, _logger, _timers, scope);
        Run(ctx, "deployment", DeploymentController.Reconcile);
        if (scope is null) Run(ctx, "cert-manager", CertManagerController.Reconcile);
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
            Run(ctx, "clusterresourceset", ClusterResourceSetController.Reconcile);
        }

        if (installed.ControlPlane && types.Machine is not null && types.Cluster is not null) Run(ctx, "kubeadmcontrolplane", KubeadmControlPlaneController.Reconcile);
        if (installed.Bootstrap && types.Machine is not null && types.Cluster is not null) Run(ctx, "kubeadmconfig", KubeadmConfigController.Reconcile);
        if (installed.Infrastructure && types.Cluster is not null && types.Machine is not null)
        {
            Run(ctx, "nutanixcluster", NutanixClusterController.Reconcile);
            Run(ctx, "nutanixmachine", NutanixMachineController.Reconcile);
        }

        // The Cluster summarises its control plane, workers and infrastructure, which the controllers after it may
        // have just changed: bring it up to date in this pass rather than one pass later.
        if (installed.Core && ctx.Writes > 0) Run(ctx, "cluster", ClusterController.Reconcile);

        ctx.PruneTimers();
        Interlocked.Add(ref _reconciled, ctx.Listed);
        PassCompleted?.Invoke(scope);
        return (ctx.RequeueAll, ctx.RequeueClusters);
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
