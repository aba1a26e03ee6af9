namespace Envelope.Server.Infrastructure;

/// <summary>
/// The server will not start, for a reason the operator fixes (its message says which): Program prints the message
/// alone and exits 2, no stack trace.
/// </summary>
internal sealed class StartupRefusedException(string message) : Exception(message);
