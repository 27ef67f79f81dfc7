using Nutanix.Prism.Tests.Fakes;
using TestSupport.Simulator;

namespace Nutanix.Prism.Tests.Simulator;

/// <summary>Uses its own simulator because it changes the Prism password.</summary>
public sealed class CredentialRotationTests
{
    [Fact]
    public async Task Rotated_password_gives_a_clear_401_and_the_new_one_works()
    {
        await using var sim = await SimulatorProcess.StartAsync(cancellationToken: TestTimeout.Token);
        var before = SimOptions.For(sim);
        using (var client = new PrismCentralClient(before))
        {
            Assert.Equal(before.Username, (await client.GetCurrentUserAsync(TestTimeout.Token)).Name);

            await sim.RotatePrismPasswordAsync("Rotated/Pa55-" + Guid.NewGuid().ToString("N")[..8], TestTimeout.Token);

            var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token));
            Assert.Equal(PrismErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(1, ex.Attempts);
            Assert.Equal(
                $"Prism Central {before.Address} rejected the credentials for user '{before.Username}' (HTTP 401): check username and password (or api_key).",
                ex.Message);
            Assert.DoesNotContain(before.Password!, ex.ToString(), StringComparison.Ordinal);
        }

        using var rotated = new PrismCentralClient(SimOptions.For(sim));
        Assert.NotEmpty(await rotated.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token));
    }
}
