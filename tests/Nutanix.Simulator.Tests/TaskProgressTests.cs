using System.Net;
using TestSupport.Simulator;
using static Nutanix.Simulator.Tests.PrismJson;

namespace Nutanix.Simulator.Tests;

/// <summary>Without --fast, tasks take a few seconds, as on a real Prism Central, and clients must poll.</summary>
public sealed class TaskProgressTests
{
    [Fact]
    public async Task Without_fast_a_vm_is_pending_while_its_task_runs_then_complete()
    {
        await using var sim = await SimulatorProcess.StartAsync(new SimulatorLaunchOptions { Fast = false });
        using var client = sim.CreatePrismClient();
        var cluster = await UuidByNameAsync(client, "clusters", "pe-cluster-a");
        var subnet = await UuidByNameAsync(client, "subnets", "vlan-100-k8s");
        var body = """{"spec":{"name":"slow-vm","cluster_reference":{"kind":"cluster","uuid":"@c"},"resources":{"nic_list":[{"subnet_reference":{"kind":"subnet","uuid":"@s"}}]}},"metadata":{"kind":"vm"}}"""
            .Replace("@c", cluster).Replace("@s", subnet);
        var (created, json, text) = await PostAsync(client, "vms", body);
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, text);
        var task = (string)json!["status"]!["execution_context"]!["task_uuid"]!;
        var vm = (string)json["metadata"]!["uuid"]!;

        var (_, early, _) = await GetAsync(client, $"tasks/{task}");
        Assert.Contains((string)early!["status"]!, new[] { "QUEUED", "RUNNING" });
        Assert.True((int)early["percentage_complete"]! < 100);
        var (_, pending, _) = await GetAsync(client, $"vms/{vm}");
        Assert.Equal("PENDING", (string?)pending!["status"]!["state"]);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string status;
        do
        {
            await Task.Delay(250);
            var (_, polled, _) = await GetAsync(client, $"tasks/{task}");
            status = (string)polled!["status"]!;
        }
        while (status != "SUCCEEDED" && DateTime.UtcNow < deadline);
        Assert.Equal("SUCCEEDED", status);
        var (_, done, _) = await GetAsync(client, $"vms/{vm}");
        Assert.Equal("COMPLETE", (string?)done!["status"]!["state"]);
    }
}
