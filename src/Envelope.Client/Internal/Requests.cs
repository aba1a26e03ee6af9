using Envelope.Client.Models;

namespace Envelope.Client.Internal;

// The request bodies the public API builds from its parameters. Null members are left out (the server refuses unknown
// members, not absent ones), so optional flags are nullable and sent only when set.

internal sealed record CreateOrganizationBody(string Name);

internal sealed record StoreBody(string Project, string? Target, string? Environment, string Content, string? KeyProof, bool? NoBackup);

internal sealed record DeleteBody(string Project, string? Target, string? Environment, bool? NoBackup, bool? Confirmed);

internal sealed record RetrieveBody(
    string Project, string? Target, string? Environment, string Action, SecretFilters? Filters, string? Merge, bool? Raw);

internal sealed record ListVersionsBody(string Project, string? Target, string? Environment, int Page, int PerPage);

internal sealed record RestoreBody(string? Content, string? KeyProof);

internal sealed record PurgeBody(string Project, string? Target, string? Environment, PurgeScope Scope, bool Confirmed);

internal sealed record RotateServerKeyBody(HistoryPolicy? HistoryPolicy);

internal sealed record ScheduleDeletionBody(int? Days);

internal sealed record PendingHistoryBody(int? Limit);

internal sealed record ReEncryptHistoryBody(IReadOnlyList<ReEncryptedVersion> Versions, string KeyProof, int? KeyVersion);

internal sealed record EmptyBody;
