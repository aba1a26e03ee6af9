namespace Envelope.Server.Auth;

/// <summary>Endpoint metadata naming the ability an endpoint needs; read by the 403 body and the OpenAPI document.</summary>
internal sealed record RequiredAbility(string Ability);
