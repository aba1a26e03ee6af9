using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>The calls scoped to one organization, grouped by resource. Get one from <see cref="EnvelopeClient.Organization(string)"/>.</summary>
public sealed class OrganizationClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal OrganizationClient(ApiConnection api, string path, string id)
    {
        _api = api;
        _path = path;
        Id = id;
        Projects = new ProjectsClient(api, path);
        Targets = new TargetsClient(api, path);
        Environments = new EnvironmentsClient(api, path);
        Tokens = new TokensClient(api, path);
        Secrets = new SecretsClient(api, path);
        Versions = new VersionsClient(api, path);
        EncryptionKeys = new EncryptionKeysClient(api, path);
        Audit = new AuditClient(api, path);
        Deleted = new DeletedClient(api, path);
    }

    /// <summary>The organization's ULID.</summary>
    public string Id { get; }

    /// <summary>Projects: list, get, create, update, delete.</summary>
    public ProjectsClient Projects { get; }

    /// <summary>Targets of a project.</summary>
    public TargetsClient Targets { get; }

    /// <summary>Environments of a target.</summary>
    public EnvironmentsClient Environments { get; }

    /// <summary>API tokens.</summary>
    public TokensClient Tokens { get; }

    /// <summary>Secrets: hierarchical reads, retrieve, store, delete.</summary>
    public SecretsClient Secrets { get; }

    /// <summary>Version history of secrets.</summary>
    public VersionsClient Versions { get; }

    /// <summary>Project keys: descriptors, rotation, jobs, states, and client-key rotation.</summary>
    public EncryptionKeysClient EncryptionKeys { get; }

    /// <summary>The audit trail.</summary>
    public AuditClient Audit { get; }

    /// <summary>Deleted projects, targets and environments in the recovery window.</summary>
    public DeletedClient Deleted { get; }

    /// <summary>The organization, its plan and usage (<c>GET /api/v1/{org}</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The organization.</returns>
    public Task<OrganizationInfo> GetAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, _path, null, EnvelopeJsonContext.Default.DataEnvelopeOrganizationInfo, idempotent: true, cancellationToken);

    /// <summary>Billable versions and stored bytes, per project (<c>GET /api/v1/{org}/usage</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage report.</returns>
    public Task<UsageReport> GetUsageAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, $"{_path}/usage", null, EnvelopeJsonContext.Default.DataEnvelopeUsageReport, idempotent: true, cancellationToken);
}
