namespace Envelope.Crypto.Internal;

/// <summary>A parse error, kept as data so that <see cref="DotEnv.TryParse"/> never throws.</summary>
internal readonly record struct DotEnvError(int Line, string Reason)
{
    public string Message => $"Line {Line}: {Reason}";

    public DotEnvFormatException ToException() => new(Line, Reason);
}
