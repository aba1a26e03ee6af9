namespace Envelope.Server.Infrastructure;

/// <summary>
/// A required audit sink could not be written, so the change that would have been audited was not committed
/// (Vault's blocking audit devices): answered 503 <c>audit_unavailable</c>.
/// </summary>
internal sealed class AuditUnavailableException(Exception inner) : Exception("The required audit sink could not be written.", inner);
