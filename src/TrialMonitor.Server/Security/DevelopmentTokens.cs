using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TrialMonitor.Server.Security;

/// <summary>Self-signed bearer tokens: the <c>token</c> command, the in-process simulator, tests.</summary>
public static class DevelopmentTokens
{
    public static SymmetricSecurityKey KeyOf(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.EffectiveSigningKey));
    }

    public static string Create(AuthOptions options, string user, IEnumerable<string> roles, IEnumerable<string> centers, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var claims = new List<Claim> { new("sub", user), new("name", user) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        claims.AddRange(centers.Select(c => new Claim(TrialMonitorRoles.CenterClaim, c)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyOf(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
