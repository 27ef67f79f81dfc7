namespace Nutanix.Prism.Tests.Fakes;

/// <summary>A cancellation token that ends a hung test after two minutes instead of hanging the run.</summary>
internal static class TestTimeout
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
