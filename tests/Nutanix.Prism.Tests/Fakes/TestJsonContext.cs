using System.Text.Json.Serialization;

namespace Nutanix.Prism.Tests.Fakes;

[JsonSerializable(typeof(string))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
