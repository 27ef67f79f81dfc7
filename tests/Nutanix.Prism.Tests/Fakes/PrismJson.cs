using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nutanix.Prism.Tests.Fakes;

/// <summary>Builds Prism Central v3 JSON bodies for the fake transport.</summary>
internal static class PrismJson
{
    public static string List(string kind, int total, int offset, IEnumerable<string> entities)
    {
        var items = entities.ToList();
        return $$"""{"api_version":"3.1","metadata":{"kind":"{{kind}}","total_matches":{{total}},"offset":{{offset}},"length":{{items.Count}} },"entities":[{{string.Join(",", items)}}]}""";
    }

    public static string Subnet(string uuid, string name, string clusterUuid, int vlan = 0) =>
        $$"""
        {"metadata":{"kind":"subnet","uuid":"{{uuid}}","spec_version":3,"categories":{"env":"dev"} },
         "spec":{"name":"{{name}}"},
         "status":{"name":"{{name}}","state":"COMPLETE","cluster_reference":{"kind":"cluster","uuid":"{{clusterUuid}}","name":"pe-{{clusterUuid}}"},
           "resources":{"subnet_type":"VLAN","vlan_id":{{vlan}},"vswitch_name":"br0","unknown_field":{"deep":[1,2,3]},
             "ip_config":{"subnet_ip":"10.0.0.0","prefix_length":"24","default_gateway_ip":"10.0.0.1","pool_list":[{"range":"10.0.0.10 10.0.0.99"}]} } } }
        """;

    public static string Cluster(string uuid, string name, string service, string version) =>
        $$"""
        {"metadata":{"kind":"cluster","uuid":"{{uuid}}"},"spec":{"name":"{{name}}"},
         "status":{"name":"{{name}}","state":"COMPLETE","resources":{"config":{"service_list":["{{service}}"],"build":{"version":"{{version}}"},
           "software_map":{"NOS":{"software_type":"NOS","version":"{{version}}","status":"INSTALLED"} } },
           "nodes":{"hypervisor_server_list":[{"ip":"10.0.0.5","type":"AHV","version":"el8"}]},
           "network":{"external_ip":"10.0.0.4","name_server_ip_list":["10.0.0.2"]} } } }
        """;

    public static string Task(string uuid, string status, int percent, string? errorDetail = null, string? progress = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""{"uuid":"{{uuid}}","status":"{{status}}","percentage_complete":{{percent}},"operation_type":"VmCreate","entity_reference_list":[{"kind":"vm","uuid":"vm-1"}]""");
        if (errorDetail is not null)
        {
            sb.Append(",\"error_detail\":").Append(JsonSerializer.Serialize(errorDetail, TestJsonContext.Default.String));
        }

        if (progress is not null)
        {
            sb.Append(",\"progress_message\":").Append(JsonSerializer.Serialize(progress, TestJsonContext.Default.String));
        }

        return sb.Append('}').ToString();
    }

    public static string Error(int code, string reason, string message) =>
        $$"""{"api_version":"3.1","code":{{code}},"kind":"error","state":"ERROR","message_list":[{"message":{{JsonSerializer.Serialize(message, TestJsonContext.Default.String)}},"reason":"{{reason}}","details":{"k":"v"} }]}""";
}
