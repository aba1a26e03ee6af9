using Envelope.Server.Data.Entities;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.EncryptionKeys;

/// <summary>A key version with its place in the project's life: the descriptor, whether it is the active one, and the key's state.</summary>
internal sealed record KeyVersionResponse(
    string Managed,
    int Version,
    string? Key,
    string? KeyCheckSalt,
    int? KeyCheckIterations,
    PassphraseKdfResponse? Kdf,
    bool Active,
    string State,
    DateTimeOffset? DeletionScheduledFor,
    DateTimeOffset CreatedAt)
{
    public string Type => "encryption_key";

    public static KeyVersionResponse From(KeyDescriptor descriptor, Project project, DateTimeOffset createdAt) => new(
        descriptor.Managed,
        descriptor.Version,
        descriptor.Key,
        descriptor.KeyCheckSalt,
        descriptor.KeyCheckIterations,
        descriptor.Kdf,
        descriptor.Version == project.CurrentKeyVersion,
        descriptor.Version == project.CurrentKeyVersion ? KeyAvailability.Describe(project.KeyState) : "retired",
        project.KeyDeletionScheduledFor,
        createdAt);
}

internal sealed record KeyEnvelope(KeyVersionResponse Key, KeyJobResponse? Job = null);

/// <summary>A re-encryption job; <c>error</c> says what stopped a failed one.</summary>
internal sealed record KeyJobResponse(
    string Id, string Status, int TargetKeyVersion, int Processed, int Total, int Attempts, string? LeaseOwner,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt, string? Error)
{
    public string Type => "key_job";

    public static KeyJobResponse From(KeyJob job) => new(
        job.Id, job.Status.ToString().ToLowerInvariant(), job.TargetKeyVersion, job.Processed, job.Total, job.Attempts, job.LeaseOwner,
        job.CreatedAt, job.UpdatedAt, job.CompletedAt, job.Error);
}

public sealed record RotateServerKeyRequest(HistoryPolicy? HistoryPolicy);

public sealed record ScheduleKeyDeletionRequest([property: System.ComponentModel.DataAnnotations.Range(7, 30)] int? Days);
