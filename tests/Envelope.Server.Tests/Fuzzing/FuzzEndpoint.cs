using System.Text.Json.Nodes;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// One endpoint to fuzz. The template's placeholders (<c>{org} {project} {target} {environment} {version} {token} {job}</c>)
/// are filled with seeded values or odd ones; <see cref="Body"/> is a valid-ish body that mutations start from.
/// </summary>
public sealed record FuzzEndpoint(string[] Methods, string Template, Func<FuzzWorld, JsonObject>? Body = null, BodyKind Kind = BodyKind.Json, bool Destructive = false, bool ReadOnlyPost = false)
{
    public override string ToString() => $"{string.Join('|', Methods)} {Template}";
}
