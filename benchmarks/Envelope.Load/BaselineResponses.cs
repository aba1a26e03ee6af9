namespace Envelope.Load;

// The baseline answers in the shapes the server does, so both sides serialize bodies of the same size and structure.

internal sealed record BaselineRead(BaselineSecrets Data);

internal sealed record BaselineSecrets(BaselineAttributes Attributes)
{
    public string Type => "secrets";
}

internal sealed record BaselineAttributes(bool Encrypted, string Format, IReadOnlyDictionary<string, string> Secrets);

internal sealed record BaselineStored(BaselineStoreResult Data, string Message);

internal sealed record BaselineStoreResult(string Level, string Source, int Bytes, string SecretId, long Version)
{
    public string Type => "secrets";
}
