using System.Text.Json;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests;

public sealed class PagingTests
{
    [Fact]
    public async Task ListAllSubnets_pages_by_500_until_total_matches()
    {
        const int total = 1234;
        using var handler = new FakePrismHandler((request, _) =>
        {
            using var doc = JsonDocument.Parse(request.Body!);
            var offset = doc.RootElement.GetProperty("offset").GetInt32();
            var length = doc.RootElement.GetProperty("length").GetInt32();
            var count = Math.Min(length, total - offset);
            var entities = Enumerable.Range(offset, count).Select(i => PrismJson.Subnet($"uuid-{i}", $"net-{i}", "pe-1", i % 4000));
            return FakePrismHandler.Json(PrismJson.List("subnet", total, offset, entities));
        });
        using var client = FakeClient.Create(handler);

        var subnets = await client.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token);

        Assert.Equal(total, subnets.Count);
        Assert.Equal(total, subnets.Select(s => s.Uuid).Distinct().Count());
        var requests = handler.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("/api/nutanix/v3/subnets/list", r.Path));
        Assert.All(requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        var bodies = requests.Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        Assert.Equal([0, 500, 1000], bodies.Select(b => b.GetProperty("offset").GetInt32()));
        Assert.All(bodies, b => Assert.Equal(500, b.GetProperty("length").GetInt32()));
        Assert.All(bodies, b => Assert.Equal("subnet", b.GetProperty("kind").GetString()));
        Assert.All(bodies, b => Assert.False(b.TryGetProperty("filter", out _)));
    }

    [Fact]
    public async Task Paging_stops_on_an_empty_page_even_if_total_matches_claims_more()
    {
        using var handler = new FakePrismHandler((request, i) =>
            FakePrismHandler.Json(PrismJson.List("image", 10_000, i * 500, i == 0 ? [ImageJson("a")] : [])));
        using var client = FakeClient.Create(handler);

        var images = await client.ListAllImagesAsync(cancellationToken: TestTimeout.Token);

        Assert.Single(images);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Filter_is_sent_on_every_page()
    {
        using var handler = new FakePrismHandler((request, _) => FakePrismHandler.Json(PrismJson.List("image", 1, 0, [ImageJson("a")])));
        using var client = FakeClient.Create(handler);

        await client.ListAllImagesAsync("name==a", TestTimeout.Token);

        var body = JsonDocument.Parse(handler.Requests.Single().Body!).RootElement;
        Assert.Equal("name==a", body.GetProperty("filter").GetString());
    }

    [Fact]
    public async Task Image_fields_are_read_and_numbers_as_strings_are_tolerated()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(PrismJson.List("image", 1, 0, [ImageJson("ubuntu-2404")])));
        using var client = FakeClient.Create(handler);

        var image = Assert.Single(await client.ListAllImagesAsync(cancellationToken: TestTimeout.Token));

        Assert.Equal("ubuntu-2404", image.Name);
        Assert.Equal("img-ubuntu-2404", image.Uuid);
        Assert.Equal("DISK_IMAGE", image.Resources!.ImageType);
        Assert.Equal(2_361_393_152L, image.Resources.SizeBytes);
        Assert.Equal("https://images.example/ubuntu.qcow2", image.Resources.SourceUri);
        Assert.Equal("pe-1", Assert.Single(image.Resources.CurrentClusterReferenceList!).Uuid);
    }

    private static string ImageJson(string name) =>
        $$"""
        {"metadata":{"kind":"image","uuid":"img-{{name}}"},"spec":{"name":"{{name}}"},
         "status":{"name":"{{name}}","state":"COMPLETE","resources":{"image_type":"DISK_IMAGE","size_bytes":"2361393152",
           "source_uri":"https://images.example/ubuntu.qcow2","current_cluster_reference_list":[{"kind":"cluster","uuid":"pe-1"}],"brand_new":true} } }
        """;
}
