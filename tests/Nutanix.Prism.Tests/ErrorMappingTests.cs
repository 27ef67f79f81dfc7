using System.Net;
using System.Net.Sockets;
using Nutanix.Prism.Tests.Fakes;

namespace Nutanix.Prism.Tests;

public sealed class ErrorMappingTests
{
    [Fact]
    public async Task Unauthorized_with_basic_auth_names_the_user_and_never_the_password()
    {
        using var handler = new FakePrismHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent("<html><body>401 Unauthorized</body></html>"),
        });
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        Assert.Equal(PrismErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(
            "Prism Central pc.example.test:9440 rejected the credentials for user 'admin' (HTTP 401): check username and password (or api_key).",
            ex.Message);
        Assert.Equal(1, handler.Count);
        AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Api_key_is_sent_as_header_and_its_rejection_says_so()
    {
        using var handler = new FakePrismHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var client = FakeClient.Create(handler, FakeClient.Options(apiKey: true));

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(FakeClient.ApiKey, request.ApiKey);
        Assert.Null(request.Authorization);
        Assert.Equal(PrismErrorKind.Unauthorized, ex.Kind);
        Assert.Contains("rejected the API key", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check api_key", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Username_X_ntnx_api_key_means_password_is_an_api_key()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json("""{"metadata":{"uuid":"u"},"status":{"name":"svc"}}"""));
        var options = FakeClient.Options() with { Username = "X-ntnx-api-key", Password = "the-key-value" };
        using var client = FakeClient.Create(handler, options);

        await client.GetCurrentUserAsync(TestTimeout.Token);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("the-key-value", request.ApiKey);
        Assert.Null(request.Authorization);
        Assert.True(options.UsesApiKey);
    }

    [Fact]
    public async Task Entity_not_found_names_what_was_looked_up()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(
            HttpStatusCode.NotFound,
            PrismJson.Error(404, "ENTITY_NOT_FOUND", "subnet : 0b1c-missing does not exist.")));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetSubnetAsync("0b1c-missing", TestTimeout.Token));

        Assert.Equal(PrismErrorKind.NotFound, ex.Kind);
        Assert.Equal("ENTITY_NOT_FOUND", ex.Reason);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("subnet : 0b1c-missing does not exist.", Assert.Single(ex.Messages).Message);
        Assert.Equal("v", Assert.Single(ex.Messages).Details!.Value.GetProperty("k").GetString());
        Assert.Contains("has no subnet with uuid '0b1c-missing'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Entity_not_found_reason_with_another_status_is_still_not_found()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(
            HttpStatusCode.BadRequest,
            """{"api_version":"3.1","code":400,"kind":"task","status":{"state":"ERROR","message_list":[{"message":"Task not found","reason":"ENTITY_NOT_FOUND"}]}}"""));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetTaskAsync("t-1", TestTimeout.Token));

        Assert.Equal(PrismErrorKind.NotFound, ex.Kind);
        Assert.Contains("task with uuid 't-1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_request_carries_server_messages_with_secrets_redacted()
    {
        using var handler = new FakePrismHandler((_, _) => FakePrismHandler.Json(
            HttpStatusCode.BadRequest,
            PrismJson.Error(400, "INVALID_REQUEST", $"bad filter; echo of request: password={FakeClient.Password}")));
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.ListAllVmsAsync("name=~x", TestTimeout.Token));

        Assert.Equal(PrismErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("INVALID_REQUEST", ex.Reason);
        Assert.Contains("bad filter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password=***", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Non_json_success_body_is_an_invalid_response()
    {
        using var handler = new FakePrismHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html>login page</html>", System.Text.Encoding.UTF8, "text/html"),
        });
        using var client = FakeClient.Create(handler);

        var ex = await Assert.ThrowsAsync<PrismApiException>(() => client.GetProjectAsync("p", TestTimeout.Token));

        Assert.Equal(PrismErrorKind.InvalidResponse, ex.Kind);
        Assert.Contains("not the expected JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_by_a_real_socket_names_endpoint_and_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new PrismCentralOptions
        {
            Endpoint = "127.0.0.1",
            Port = port,
            Username = "admin",
            Password = FakeClient.Password,
            Retry = new Nutanix.Http.TransientRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5) },
        };
        using var client = new PrismCentralClient(options);

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.ListAllSubnetsAsync(cancellationToken: TestTimeout.Token));

        Assert.Equal(PrismErrorKind.ConnectionFailed, ex.Kind);
        Assert.Equal($"127.0.0.1:{port}", ex.Address);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        AssertNoSecrets(ex);
    }

    [Fact]
    public async Task Unresolvable_host_says_so()
    {
        using var handler = new FakePrismHandler((_, _) =>
            throw new HttpRequestException("Name or service not known", new SocketException((int)SocketError.HostNotFound)));
        using var client = FakeClient.Create(handler, FakeClient.Options(maxRetries: 1));

        var ex = await Assert.ThrowsAsync<PrismConnectionException>(() => client.GetCurrentUserAsync(TestTimeout.Token));

        Assert.Equal(PrismErrorKind.ConnectionFailed, ex.Kind);
        Assert.Contains("'pc.example.test' could not be resolved", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_and_ToString_never_show_secrets()
    {
        var options = FakeClient.Options(apiKey: false) with { ApiKey = null };
        options.Validate();
        Assert.DoesNotContain(FakeClient.Password, options.ToString(), StringComparison.Ordinal);
        var keyed = FakeClient.Options(apiKey: true);
        Assert.DoesNotContain(FakeClient.ApiKey, keyed.ToString(), StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => (options with { Password = null }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { Endpoint = "https://pc:9440" }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { Port = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => new PrismCentralClient(options with { AdditionalTrustBundle = "not a pem" }));
    }

    private static void AssertNoSecrets(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(FakeClient.Password, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeClient.ApiKey, e.Message, StringComparison.Ordinal);
        }
    }
}
