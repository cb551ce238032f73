using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace TrialMonitor.Server.Security;

internal static class AuthenticationSetup
{
    /// <summary>
    /// JWT bearer tokens for REST and hub (the hub's from the <c>access_token</c> query parameter, as SignalR clients
    /// send it). Refuses to start outside Development with the development signing key.
    /// </summary>
    public static AuthOptions AddTrialMonitorAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (options.Problem(builder.Environment.IsDevelopment()) is { } problem) throw new InvalidOperationException(problem);
        builder.Services.AddSingleton(options);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "name",
                RoleClaimType = "role",
                ValidAudience = options.Audience,
                ClockSkew = TimeSpan.FromMinutes(2),
            };
            if (options.Authority is not null)
            {
                jwt.Authority = options.Authority;
            }
            else
            {
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.KeyOf(options);
            }

            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal)
                        && context.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        context.Token = token.ToString();
                    }

                    return Task.CompletedTask;
                },
            };
        });
        return options;
    }
}
