using System.Text;
using System.Text.Json;
using Terraform.Plugin.Logging;

namespace Terraform.Plugin.Tests.Logging;

public sealed class SecretRedactorTests
{
    [Fact]
    public void ScrubsEveryEncodingOfARegisteredSecret()
    {
        var secret = "pa\"ss+w<rd>/" + Guid.NewGuid().ToString("N");
        SecretRedactor.Register(secret);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var forms = new[]
        {
            secret,
            base64,
            base64.TrimEnd('='),
            base64.Replace('+', '-').Replace('/', '_'),
            JsonSerializer.Serialize(secret, SecretRedactorTestsJson.Default.String)[1..^1],
            secret.Replace("\"", "\\\"", StringComparison.Ordinal),
        };
        foreach (var form in forms)
        {
            var scrubbed = SecretRedactor.Scrub($"server said: {form} (end)");
            Assert.Equal("server said: (sensitive value) (end)", scrubbed);
        }
    }

    [Fact]
    public void ACompositeSecretIsScrubbedWholeIncludingItsBase64()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var basic = "admin:" + password;
        var json = "[{\"type\":\"basic_auth\",\"data\":{\"prismCentral\":{\"username\":\"admin\",\"password\":\"" + password + "\"}}}]";
        SecretRedactor.Register(password);
        SecretRedactor.Register(basic);
        SecretRedactor.Register(json);
        var header = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic));
        Assert.Equal("Authorization: Basic (sensitive value)", SecretRedactor.Scrub(header));
        var secretData = "data: {credentials: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) + "}";
        Assert.Equal("data: {credentials: (sensitive value)}", SecretRedactor.Scrub(secretData));
        Assert.DoesNotContain(password, SecretRedactor.Scrub("body: " + json), StringComparison.Ordinal);
    }

    [Fact]
    public void ShortValuesAreNotRegistered()
    {
        var before = SecretRedactor.Count;
        SecretRedactor.Register("abc");
        SecretRedactor.Register(null);
        SecretRedactor.Register("");
        Assert.Equal(before, SecretRedactor.Count);
        Assert.Equal("abc def", SecretRedactor.Scrub("abc def"));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class SecretRedactorTestsJson : System.Text.Json.Serialization.JsonSerializerContext;
