namespace Envelope.Server.Tests.Fuzzing;

/// <summary>How a fuzzed endpoint's body is encoded.</summary>
public enum BodyKind
{
    Json,
    Form,
}
