using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Nutanix.Simulator.Prism;

/// <summary>
/// Prism Central authentication: <c>Authorization: Basic</c>, <c>X-ntnx-api-key</c>, or the session cookie issued
/// after a successful basic-auth request. Anything else gets 401 with no JSON body (as the real gateway does).
/// </summary>
public static class PrismAuthentication
{
    public const string ApiKeyHeader = "X-ntnx-api-key";
    /// <summary>The authenticated principal's name, stored in <see cref="HttpContext.Items"/>.</summary>
    public const string UserItem = "prism.user";

    public static IApplicationBuilder UsePrismAuthentication(this IApplicationBuilder app, PrismCredentials credentials, TimeProvider time) =>
        app.Use(async (context, next) =>
        {
            var user = Authenticate(context, credentials, time);
            if (user is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Intent Gateway Login Required\"";
                return;
            }
            context.Items[UserItem] = user;
            await next(context);
        });

    private static string? Authenticate(HttpContext context, PrismCredentials credentials, TimeProvider time)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue(ApiKeyHeader, out var key) && key.Count == 1 && !string.IsNullOrEmpty(key[0]))
        {
            return credentials.CheckApiKey(key[0]!) ? "api-key-service-account" : null;
        }

        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return null;
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return null;
            var username = decoded[..colon];
            var password = decoded[(colon + 1)..];
            if (username == ApiKeyHeader) return credentials.CheckApiKey(password) ? "api-key-service-account" : null;
            if (!credentials.CheckBasic(username, password)) return null;
            var session = credentials.NewSession(time.GetUtcNow());
            context.Response.Cookies.Append(PrismCredentials.SessionCookie, session, new CookieOptions
            {
                Path = "/",
                Secure = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromMinutes(15),
            });
            return username;
        }

        if (header.Length == 0 && request.Cookies.TryGetValue(PrismCredentials.SessionCookie, out var cookie)
            && credentials.CheckSession(cookie, time.GetUtcNow()))
        {
            return credentials.Username;
        }
        return null;
    }
}
