using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Nutanix.Simulator.Faults;

/// <summary>Binds a <see cref="FaultInjector"/> to one API's listener (connection level) and pipeline (request level).</summary>
public static class FaultMiddleware
{
    /// <summary>Writes the API's own error body for an injected status code.</summary>
    public delegate Task ErrorWriter(HttpContext context, int statusCode);

    /// <summary>Connection middleware: while the API is down, closes new connections before the TLS handshake.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Connections(FaultInjector injector) => next => connection =>
    {
        if (injector.IsDown)
        {
            connection.Abort(new ConnectionAbortedException("simulated outage"));
            return Task.CompletedTask;
        }
        return next(connection);
    };

    /// <summary>Request middleware: latency, aborted requests while down, injected error statuses.</summary>
    public static IApplicationBuilder UseFaults(this IApplicationBuilder app, FaultInjector injector, ErrorWriter writeError) =>
        app.Use(async (context, next) =>
        {
            var decision = injector.Decide(context.Request.Method);
            if (decision.LatencyMs > 0) await Task.Delay(decision.LatencyMs, context.RequestAborted);
            if (decision.Abort)
            {
                context.Abort();
                return;
            }
            if (decision.ErrorCode is { } code)
            {
                context.Response.StatusCode = code;
                if (code is 429 or 503) context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await writeError(context, code);
                return;
            }
            await next(context);
        });
}
