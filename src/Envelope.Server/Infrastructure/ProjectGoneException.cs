namespace Envelope.Server.Infrastructure;

/// <summary>The project a write was about to lock was deleted by a concurrent request after the handler found it.</summary>
internal sealed class ProjectGoneException() : Exception("The project was deleted while the request ran.");
