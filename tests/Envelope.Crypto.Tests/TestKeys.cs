namespace Envelope.Crypto.Tests;

/// <summary>Fixed keys, so a failing test can be reproduced.</summary>
internal static class TestKeys
{
    public static byte[] Sequential { get; } = [.. Enumerable.Range(0, SecretsBlob.KeySize).Select(i => (byte)i)];

    public static byte[] Other { get; } = [.. Enumerable.Range(0, SecretsBlob.KeySize).Select(i => (byte)(255 - i))];

    public static byte[] Iv { get; } = [.. Enumerable.Range(0, SecretsBlob.IvSize).Select(i => (byte)(i * 7))];
}
