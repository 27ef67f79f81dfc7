using Terraform.Plugin.Values;

namespace Terraform.Plugin.Benchmarks;

/// <summary>A cluster-like resource object with 50 top-level attributes: scalars, a nested object, a list of objects, maps.</summary>
internal static class ClusterShape
{
    private static ObjectType ControlPlane { get; } = CtyType.Object([
        new("replicas", CtyType.Number),
        new("vcpus", CtyType.Number),
        new("memory_mib", CtyType.Number),
        new("disk_gib", CtyType.Number),
        new("endpoint_ip", CtyType.String),
        new("image", CtyType.String),
        new("boot_type", CtyType.String),
        new("ready", CtyType.Bool),
    ]);

    private static ObjectType Pool { get; } = CtyType.Object([
        new("name", CtyType.String),
        new("replicas", CtyType.Number),
        new("vcpus", CtyType.Number),
        new("memory_mib", CtyType.Number),
        new("autoscale", CtyType.Bool),
        new("labels", CtyType.Map(CtyType.String)),
    ]);

    public static ObjectType Type { get; } = BuildType();

    public static CtyValue Value { get; } = BuildValue();

    private static ObjectType BuildType()
    {
        var attrs = new List<KeyValuePair<string, CtyType>>
        {
            new("control_plane", ControlPlane),
            new("worker_pools", CtyType.List(Pool)),
            new("labels", CtyType.Map(CtyType.String)),
            new("annotations", CtyType.Map(CtyType.String)),
            new("ssh_authorized_keys", CtyType.List(CtyType.String)),
            new("extra_sans", CtyType.Set(CtyType.String)),
        };
        for (int i = 0; i < 20; i++)
        {
            attrs.Add(new($"string_attr_{i:00}", CtyType.String));
        }

        for (int i = 0; i < 14; i++)
        {
            attrs.Add(new($"number_attr_{i:00}", CtyType.Number));
        }

        for (int i = 0; i < 10; i++)
        {
            attrs.Add(new($"bool_attr_{i:00}", CtyType.Bool));
        }

        return CtyType.Object(attrs);
    }

    private static CtyValue BuildValue()
    {
        var values = new List<KeyValuePair<string, CtyValue>>
        {
            new("control_plane", CtyValue.Object(ControlPlane, [
                new("replicas", CtyValue.Number(3)),
                new("vcpus", CtyValue.Number(4)),
                new("memory_mib", CtyValue.Number(16384)),
                new("disk_gib", CtyValue.Number(80)),
                new("endpoint_ip", CtyValue.String("10.0.0.10")),
                new("image", CtyValue.String("ubuntu-2204-kube-v1.31.4")),
                new("boot_type", CtyValue.String("uefi")),
                new("ready", CtyValue.Unknown(CtyType.Bool)),
            ])),
            new("worker_pools", CtyValue.List(Pool, Enumerable.Range(0, 3).Select(i => CtyValue.Object(Pool, [
                new("name", CtyValue.String($"pool-{i}")),
                new("replicas", CtyValue.Number(5 + i)),
                new("vcpus", CtyValue.Number(8)),
                new("memory_mib", CtyValue.Number(32768)),
                new("autoscale", CtyValue.Bool(i % 2 == 0)),
                new("labels", CtyValue.Map(CtyType.String, [new("pool", CtyValue.String($"pool-{i}")), new("tier", CtyValue.String("worker"))])),
            ])))),
            new("labels", CtyValue.Map(CtyType.String, Enumerable.Range(0, 5).Select(i => new KeyValuePair<string, CtyValue>($"label-{i}", CtyValue.String($"value-{i}"))))),
            new("annotations", CtyValue.Null(CtyType.Map(CtyType.String))),
            new("ssh_authorized_keys", CtyValue.List(CtyType.String, [CtyValue.String("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyMaterial user@host")])),
            new("extra_sans", CtyValue.Set(CtyType.String, [CtyValue.String("api.example.test"), CtyValue.String("10.0.0.10")])),
        };
        for (int i = 0; i < 20; i++)
        {
            values.Add(new($"string_attr_{i:00}", i == 7 ? CtyValue.Unknown(CtyType.String) : CtyValue.String($"value of string attribute {i}")));
        }

        for (int i = 0; i < 14; i++)
        {
            var n = i switch
            {
                0 => CtyNumber.Parse("0.5"),
                1 => CtyNumber.Parse("0.1"),
                2 => CtyNumber.Parse("18446744073709551617"),
                _ => CtyNumber.FromInt64(i * 1000L),
            };
            values.Add(new($"number_attr_{i:00}", CtyValue.Number(n)));
        }

        for (int i = 0; i < 10; i++)
        {
            values.Add(new($"bool_attr_{i:00}", i == 9 ? CtyValue.Null(CtyType.Bool) : CtyValue.Bool(i % 3 == 0)));
        }

        return CtyValue.Object(Type, values);
    }
}
