using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Envelope.Client.Models;

namespace Envelope.Client.Internal;

/// <summary>
/// Source-generated JSON for every body the client reads or writes: snake_case names, nulls left out. No reflection,
/// so the client runs under Native AOT. Unknown members of answers are skipped, so a newer server does not break it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(DataEnvelope<VersionChainVerification>))]
[JsonSerializable(typeof(DataEnvelope<TokenIdentity>))]
[JsonSerializable(typeof(DataEnvelope<CreatedOrganization>))]
[JsonSerializable(typeof(DataEnvelope<OrganizationInfo>))]
[JsonSerializable(typeof(DataEnvelope<UsageReport>))]
[JsonSerializable(typeof(DataEnvelope<Project>))]
[JsonSerializable(typeof(DataEnvelope<HierarchyNode>))]
[JsonSerializable(typeof(DataEnvelope<CreatedToken>))]
[JsonSerializable(typeof(DataEnvelope<StoredSecrets>))]
[JsonSerializable(typeof(DataEnvelope<SecretsRead<EncryptedLevel>>))]
[JsonSerializable(typeof(DataEnvelope<SecretsRead<JsonObject>>))]
[JsonSerializable(typeof(DataEnvelope<SecretVersion>))]
[JsonSerializable(typeof(DataEnvelope<RestoredVersion>))]
[JsonSerializable(typeof(DataEnvelope<PurgeResult>))]
[JsonSerializable(typeof(DataEnvelope<EncryptionKey>))]
[JsonSerializable(typeof(DataEnvelope<List<EncryptionKey>>))]
[JsonSerializable(typeof(DataEnvelope<KeyRotation>))]
[JsonSerializable(typeof(DataEnvelope<KeyJob>))]
[JsonSerializable(typeof(DataEnvelope<ClientKeyRotationResult>))]
[JsonSerializable(typeof(DataEnvelope<HistoryReEncryption>))]
[JsonSerializable(typeof(PagedEnvelope<OrganizationSummary>))]
[JsonSerializable(typeof(PagedEnvelope<Plan>))]
[JsonSerializable(typeof(PagedEnvelope<Project>))]
[JsonSerializable(typeof(PagedEnvelope<HierarchyNode>))]
[JsonSerializable(typeof(PagedEnvelope<ApiToken>))]
[JsonSerializable(typeof(PagedEnvelope<SecretVersion>))]
[JsonSerializable(typeof(PagedEnvelope<KeyJob>))]
[JsonSerializable(typeof(PagedEnvelope<AuditEvent>))]
[JsonSerializable(typeof(DataEnvelope<AuditVerification>))]
[JsonSerializable(typeof(PagedEnvelope<DeletedNode>))]
[JsonSerializable(typeof(DataEnvelope<DeletedNode>))]
[JsonSerializable(typeof(PendingEnvelope))]
[JsonSerializable(typeof(CreateOrganizationBody))]
[JsonSerializable(typeof(CreateProjectRequest))]
[JsonSerializable(typeof(UpdateProjectRequest))]
[JsonSerializable(typeof(CreateNodeRequest))]
[JsonSerializable(typeof(UpdateNodeRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(StoreBody))]
[JsonSerializable(typeof(DeleteBody))]
[JsonSerializable(typeof(RetrieveBody))]
[JsonSerializable(typeof(ListVersionsBody))]
[JsonSerializable(typeof(RestoreBody))]
[JsonSerializable(typeof(PurgeBody))]
[JsonSerializable(typeof(RotateServerKeyBody))]
[JsonSerializable(typeof(ScheduleDeletionBody))]
[JsonSerializable(typeof(RotateClientKeysRequest))]
[JsonSerializable(typeof(PendingHistoryBody))]
[JsonSerializable(typeof(ReEncryptHistoryBody))]
[JsonSerializable(typeof(EmptyBody))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;
