namespace Envelope.Server.Auth;

internal static class EnvelopeClaims
{
    public const string Organization = "envelope:org";
    public const string Token = "envelope:token";
    public const string TokenName = "envelope:token_name";
    public const string Ability = "envelope:ability";
    public const string Project = "envelope:project";
    public const string ProjectRestricted = "envelope:project_restricted";
    public const string Owner = "envelope:owner";
    public const string ExpiresAt = "envelope:expires_at";
    public const string User = "envelope:user";
    public const string Role = "envelope:role";
}
