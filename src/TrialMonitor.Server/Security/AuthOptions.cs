namespace TrialMonitor.Server.Security;

/// <summary>
/// Bound from <c>Auth</c>. With <see cref="Authority"/> set, tokens come from that OpenID Connect provider (Keycloak,
/// Entra ID) and are checked against its published keys; without it, the server checks tokens signed with
/// <see cref="SigningKey"/> — the development issuer of <c>TrialMonitor.Server token</c>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The key of the development issuer, public on purpose: any token it signs is worthless outside Development,
    /// where the server refuses to start with it.
    /// </summary>
    public const string DevelopmentSigningKey = "TrialMonitor development signing key: not a secret, refused outside Development.";

    public string? Authority { get; set; }

    public string Audience { get; set; } = "trialmonitor";

    /// <summary>The issuer of self-signed tokens (ignored with an <see cref="Authority"/>, whose metadata names it).</summary>
    public string Issuer { get; set; } = "trialmonitor";

    /// <summary>HMAC-SHA256 key of self-signed tokens, at least 32 bytes; unset means the development key, in Development only.</summary>
    public string? SigningKey { get; set; }

    public bool UsesDevelopmentKey => Authority is null && (SigningKey is null || SigningKey == DevelopmentSigningKey);

    public string EffectiveSigningKey => SigningKey ?? DevelopmentSigningKey;

    /// <summary>Null when the settings can run in an environment; otherwise why not, naming the key.</summary>
    public string? Problem(bool isDevelopment)
    {
        if (Authority is not null) return Uri.TryCreate(Authority, UriKind.Absolute, out _) ? null : "Auth:Authority: must be an absolute URL";
        if (UsesDevelopmentKey && !isDevelopment)
            return "Auth:SigningKey: the development signing key is refused outside Development; set Auth:Authority (an OpenID Connect provider) or a signing key of your own";
        if (System.Text.Encoding.UTF8.GetByteCount(EffectiveSigningKey) < 32) return "Auth:SigningKey: at least 32 bytes";
        return null;
    }
}
