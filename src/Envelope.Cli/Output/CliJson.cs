using System.Text.Json.Serialization;
using Envelope.Client.Models;

namespace Envelope.Cli.Output;

internal sealed record ErrorOutput(string Error, string Message, int? Status);

/// <summary>Who is logged in; <c>method</c> is <c>token</c> or <c>browser</c>. Never a token.</summary>
internal sealed record LoginOutput(string Server, string Organization, string OrganizationName, string TokenName, string TokenId, string Method, DateTimeOffset? ExpiresAt);

/// <summary>What logout did; <c>revoked</c> only for a browser login, <c>error</c>/<c>message</c> when its revocation failed.</summary>
internal sealed record LogoutOutput(bool LoggedOut, bool? Revoked, string? Error, string? Message);

internal sealed record LinkOutput(string Path, string Project, string? Target, string? Environment);

internal sealed record PushOutput(string Level, string Source, string SecretId, long? Version, int Keys, int Bytes);

/// <summary>A version's metadata; <c>content</c> (the decrypted .env text) only with --reveal. Never the ciphertext or a key.</summary>
internal sealed record VersionOutput(
    long Id, string SecretId, string Level, DateTimeOffset CreatedAt, string Reason, string Status, string? Stage, int KeyVersion,
    string? KeyManagement, int Bytes, bool Locked, long? RestoredFrom, DateTimeOffset? DestroyedAt, DateTimeOffset? LastAccessedAt, string? Content)
{
    public static VersionOutput From(SecretVersion v, string? content = null) => new(
        v.Id, v.SecretId, v.Level, v.CreatedAt, v.Reason, v.Status, v.Stage, v.KeyVersion,
        v.Key is { } key ? (key.Managed == Client.Models.KeyManagement.Client ? "client" : "server") : null,
        v.Bytes, v.Locked, v.RestoredFrom, v.DestroyedAt, v.LastAccessedAt, content);
}

internal sealed record RestoreOutput(long RestoredFrom, string SecretId, long? Version, bool ReEncrypted);

internal sealed record VersionChangeOutput(long Id, string Action);

internal sealed record PurgeOutput(string Level, string Scope, int Deleted);

/// <summary>A key's metadata; never the data key itself.</summary>
internal sealed record KeyOutput(int Version, string Managed, string State, bool Active, DateTimeOffset CreatedAt, DateTimeOffset? DeletionScheduledFor)
{
    public static KeyOutput From(EncryptionKey k) => new(
        k.Version, k.Managed == Client.Models.KeyManagement.Client ? "client" : "server", k.State, k.Active, k.CreatedAt, k.DeletionScheduledFor);
}

internal sealed record RotateOutput(string Project, int KeyVersion, string? History, string? JobId, string? JobStatus);

internal sealed record ClientRotateOutput(string Project, int KeyVersion, int SecretsReEncrypted, int VersionsReEncrypted, string? NewKey, string? NewKeyFile);

internal sealed record ProjectOutput(string Id, string Slug, string Name, string? Description, string KeyManagement, int KeyVersion, string KeyState, string HistoryPolicy, DateTimeOffset CreatedAt)
{
    public static ProjectOutput From(Project p) => new(
        p.Id, p.Slug, p.Name, p.Description, p.KeyManagement == Client.Models.KeyManagement.Client ? "client" : "server",
        p.KeyVersion, p.KeyState, p.HistoryPolicy == Client.Models.HistoryPolicy.ReEncrypt ? "re_encrypt" : "keep", p.CreatedAt);
}

/// <summary>A delete's result; <c>id</c> and <c>recoverable_until</c> when the node went into the recovery window.</summary>
internal sealed record DeletedOutput(string Deleted, bool Ok, string? Id = null, DateTimeOffset? RecoverableUntil = null);

internal sealed record ValueOutput(string Key, string Value);

/// <summary><c>secrets clear</c>: the level cleared, and whether what it held was kept as a version.</summary>
internal sealed record ClearOutput(string Level, bool Cleared, bool Backup);

/// <summary><c>telemetry on|off|status</c>: whether events are sent, what decided it, and where the setting lives.</summary>
internal sealed record TelemetryStatusOutput(bool Enabled, string Source, bool? Stored, string SettingsFile);

internal sealed record SetOutput(string Level, string Key, string Action, long? Version);

/// <summary>What init made; <c>new_key</c> only when it was not written to a file (shown once).</summary>
internal sealed record InitOutput(string Project, string? Target, string? Environment, string KeyManagement, string Link, string? NewKey, string? NewKeyFile, bool Passphrase);

/// <summary>A diff: each changed key; values only with --show-values.</summary>
internal sealed record DiffOutput(string From, string To, bool Different, IReadOnlyList<DiffChangeOutput> Changes, int Unchanged);

internal sealed record DiffChangeOutput(string Key, string Change, string? From, string? To);

/// <summary>
/// A token as <c>tokens list</c> shows it: the server's metadata and the CLI's <c>flags</c> (<c>expired</c>, <c>unused</c>,
/// <c>never_expires</c>) so a script can find the tokens to clean up without re-deriving the rules.
/// </summary>
internal sealed record TokenOutput(
    string Id, string Name, string Prefix, string Status, IReadOnlyList<string> Abilities, IReadOnlyList<string>? Projects,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    TokenCreator? CreatedBy, IReadOnlyList<string> Flags);

/// <summary>Source-generated JSON for everything the CLI writes (snake_case, like the API).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(ErrorOutput))]
[JsonSerializable(typeof(DiffOutput))]
[JsonSerializable(typeof(InitOutput))]
[JsonSerializable(typeof(LoginOutput))]
[JsonSerializable(typeof(OAuth.OAuthTokenResponse))]
[JsonSerializable(typeof(LinkOutput))]
[JsonSerializable(typeof(LogoutOutput))]
[JsonSerializable(typeof(PushOutput))]
[JsonSerializable(typeof(TokenIdentity))]
[JsonSerializable(typeof(VersionOutput))]
[JsonSerializable(typeof(RestoreOutput))]
[JsonSerializable(typeof(VersionChangeOutput))]
[JsonSerializable(typeof(PurgeOutput))]
[JsonSerializable(typeof(KeyOutput))]
[JsonSerializable(typeof(List<KeyOutput>))]
[JsonSerializable(typeof(RotateOutput))]
[JsonSerializable(typeof(ClientRotateOutput))]
[JsonSerializable(typeof(ProjectOutput))]
[JsonSerializable(typeof(List<ProjectOutput>))]
[JsonSerializable(typeof(HierarchyNode))]
[JsonSerializable(typeof(List<HierarchyNode>))]
[JsonSerializable(typeof(ApiToken))]
[JsonSerializable(typeof(List<TokenOutput>))]
[JsonSerializable(typeof(CreatedToken))]
[JsonSerializable(typeof(List<AuditEvent>))]
[JsonSerializable(typeof(AuditVerification))]
[JsonSerializable(typeof(DeletedOutput))]
[JsonSerializable(typeof(DeletedNode))]
[JsonSerializable(typeof(List<DeletedNode>))]
[JsonSerializable(typeof(ValueOutput))]
[JsonSerializable(typeof(SetOutput))]
[JsonSerializable(typeof(ClearOutput))]
[JsonSerializable(typeof(TelemetryStatusOutput))]
[JsonSerializable(typeof(Telemetry.TelemetryEvent))]
[JsonSerializable(typeof(Telemetry.CliSettings))]
[JsonSerializable(typeof(UsageReport))]
[JsonSerializable(typeof(OrganizationInfo))]
[JsonSerializable(typeof(CreatedOrganization))]
[JsonSerializable(typeof(List<OrganizationSummary>))]
[JsonSerializable(typeof(List<SecretVersion>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, Secrets.SeenVersion>))]
[JsonSerializable(typeof(VersionChainVerification))]
[JsonSerializable(typeof(Configuration.StoredCredentials))]
[JsonSerializable(typeof(Configuration.ProjectLink))]
internal sealed partial class CliJson : JsonSerializerContext;
