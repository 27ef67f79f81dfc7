using TestSupport.Tools;

namespace Examples.Tests.Support;

/// <summary>The provider under test: its registry address, the AOT binary (published once per run) and its version.</summary>
internal static class Provider
{
    public const string Address = "registry.terraform.io/nutanix-cloud-native/nutanix";

    private static readonly Lazy<Task<(string Binary, string Version)>> Published = new(LoadAsync);

    public static async Task<string> BinaryAsync() => (await Published.Value).Binary;

    public static async Task<string> VersionAsync() => (await Published.Value).Version;

    private static async Task<(string, string)> LoadAsync()
    {
        var binary = await NutanixProviderBinary.PublishAsync();
        var result = await RunAsync(binary, "--version");
        var parts = result.Trim().Split(' ');
        if (parts is not ["terraform-provider-nutanix", var version]) throw new InvalidOperationException($"unexpected --version output '{result}'");
        return (binary, version);
    }

    public static async Task<string> RunAsync(string binary, params string[] arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{binary} {string.Join(' ', arguments)} exited {process.ExitCode}");
    }
}
