using Nutanix.Simulator.Inventory;

namespace Nutanix.Simulator.Tests;

/// <summary>Inventory files: the shipped default, generation, and refusals that name file, JSON path and reason.</summary>
public sealed class InventorySeedTests
{
    private const string File = "test-inventory.json";

    private static InventoryException Refused(string json) => Assert.Throws<InventoryException>(() => InventorySeed.Parse(json, File));

    [Fact]
    public void Default_inventory_has_two_clusters_a_shared_subnet_name_images_projects_and_categories()
    {
        var seed = InventorySeed.Parse(SimulatorFixture.DefaultInventoryText(), "default-inventory.json");
        Assert.Equal(2, seed.Clusters.Count);
        Assert.True(seed.PrismCentral.IsPrismCentral);
        var shared = seed.Subnets.GroupBy(s => s.Name).Single(g => g.Count() > 1);
        Assert.Equal(2, shared.Select(s => s.ClusterUuid).Distinct().Count());
        Assert.Contains(seed.Images, i => i.Name == "ubuntu-2204-kube-v1.33.2");
        Assert.Contains(seed.Images, i => i.Name.StartsWith("rockylinux-9-kube-v1.32", StringComparison.Ordinal));
        Assert.NotEmpty(seed.Projects);
        Assert.NotEmpty(seed.Categories);
        Assert.All(seed.Subnets.Where(s => s.Pools.Count > 0), s => Assert.True(s.PoolSize > 0));
    }

    [Fact]
    public void Uuids_are_stable_across_parses_and_generated_entities_are_spread_over_clusters()
    {
        var json = """{"clusters":[{"name":"pe-a"},{"name":"pe-b"}],"generate":{"subnets":600,"images":3,"projects":2}}""";
        var a = InventorySeed.Parse(json, File);
        var b = InventorySeed.Parse(json, File);
        Assert.Equal(a.Subnets.Select(s => s.Uuid), b.Subnets.Select(s => s.Uuid));
        Assert.Equal(600, a.Subnets.Count);
        Assert.Equal(2, a.Subnets.Select(s => s.ClusterUuid).Distinct().Count());
        Assert.Equal(3, a.Images.Count);
        Assert.Equal(2, a.Projects.Count);
        Assert.Equal(600, a.Subnets.Select(s => s.Uuid).Distinct().Count());
    }

    [Theory]
    [InlineData("""{"clusters":[]}""", "$.clusters", "at least one")]
    [InlineData("""{"clusters":[{"nodes":3}]}""", "$.clusters[0].name", "required")]
    [InlineData("""{"clusters":[{"name":"pe-a","colour":"red"}]}""", "$.clusters[0].colour", "unknown field")]
    [InlineData("""{"clusters":[{"name":"pe-a"},{"name":"pe-a"}]}""", "$.clusters", "duplicate cluster name")]
    [InlineData("""{"clusters":[{"name":"pe-a","uuid":"nope"}]}""", "$.clusters[0].uuid", "not a UUID")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-x","subnet_ip":"10.0.0.0","prefix_length":24}]}""", "$.subnets[0].cluster", "pe-x")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.1","prefix_length":24}]}""", "$.subnets[0].subnet_ip", "host bits")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24,"pool":["10.0.1.5 10.0.1.9"]}]}""", "$.subnets[0].pool[0]", "outside")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24,"pool":["10.0.0.9 10.0.0.5"]}]}""", "$.subnets[0].pool[0]", "ends before")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24,"pool":["10.0.0.5-10.0.0.9"]}]}""", "$.subnets[0].pool[0]", "not a range")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24,"pool":["10.0.0.5 10.0.0.9","10.0.0.8 10.0.0.20"]}]}""", "$.subnets[0].pool[1]", "overlaps")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24,"vlan_id":5000}]}""", "$.subnets[0].vlan_id", "4094")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"images":[{"name":"i","image_type":"VHD"}]}""", "$.images[0].image_type", "DISK_IMAGE")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"images":[{"name":"i","size_bytes":"big"}]}""", "$.images[0].size_bytes", "integer")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"projects":[{"name":"p","subnets":["nope"]}]}""", "$.projects[0].subnets[0]", "nope")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"categories":[{"key":"k","values":["a","a"]}]}""", "$.categories[0].values", "duplicate")]
    [InlineData("""{"clusters":[{"name":"pe-a"}],"generate":{"subnets":-1}}""", "$.generate.subnets", "between")]
    [InlineData("""[1,2]""", "$", "object")]
    public void Bad_inventory_is_refused_with_path_and_reason(string json, string path, string reason)
    {
        var e = Refused(json);
        Assert.Equal(File, e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Equal($"inventory {File}: {path}: {e.Reason}", e.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var e = Refused("{\n\"clusters\": [ {\"name\": } ]\n}");
        Assert.Contains("not valid JSON", e.Reason, StringComparison.Ordinal);
        Assert.Contains("line 2", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ambiguous_subnet_name_in_a_project_asks_for_a_uuid()
    {
        var json = """
            {"clusters":[{"name":"pe-a"},{"name":"pe-b"}],
             "subnets":[{"name":"s","cluster":"pe-a","subnet_ip":"10.0.0.0","prefix_length":24},
                        {"name":"s","cluster":"pe-b","subnet_ip":"10.0.1.0","prefix_length":24}],
             "projects":[{"name":"p","subnets":["s"]}]}
            """;
        var e = Refused(json);
        Assert.Equal("$.projects[0].subnets[0]", e.JsonPath);
        Assert.Contains("ambiguous", e.Reason, StringComparison.Ordinal);
    }
}
