using System.Text.Json.Serialization;
using Envelope.Client.Models;

namespace Envelope.Cli.Output;

internal sealed record ErrorOutput(string Error, string Message, int? Status);

internal sealed record LoginOutput(string Server, string Organization, string OrganizationName, string TokenName, string TokenId);

internal sealed record LinkOutput(string Path, string Project, string? Target, string? Environment);

internal sealed record PushOutput(string Level, string Source, string SecretId, long? Version, int Keys, int Bytes);

/// <summary>Source-generated JSON for everything the CLI writes (snake_case, like the API).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = false)]
[JsonSerializable(typeof(ErrorOutput))]
[JsonSerializable(typeof(LoginOutput))]
[JsonSerializable(typeof(LinkOutput))]
[JsonSerializable(typeof(PushOutput))]
[JsonSerializable(typeof(TokenIdentity))]
[JsonSerializable(typeof(List<SecretVersion>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(Configuration.StoredCredentials))]
[JsonSerializable(typeof(Configuration.ProjectLink))]
internal sealed partial class CliJson : JsonSerializerContext;
