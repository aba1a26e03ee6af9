using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Keys;

internal sealed class MasterKeyOptions : IValidatableObject
{
    /// <summary>Base64 of 32 bytes.</summary>
    [ConfigurationKeyName("ENVELOPE_MASTER_KEY")]
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 master key.</summary>
    [ConfigurationKeyName("ENVELOPE_MASTER_KEY_FILE")]
    public string? MasterKeyFile { get; set; }

    /// <summary>
    /// The master key being replaced (base64), during a master-key rotation: data keys it wrapped still unwrap while
    /// <c>master-key rotate</c> re-wraps them under the current one.
    /// </summary>
    [ConfigurationKeyName("ENVELOPE_PREVIOUS_MASTER_KEY")]
    public string? PreviousMasterKey { get; set; }

    /// <summary>Set by systemd for a unit with <c>LoadCredential=</c>; the key is read from its <c>envelope-master-key</c>.</summary>
    [ConfigurationKeyName("CREDENTIALS_DIRECTORY")]
    public string? CredentialsDirectory { get; set; }

    /// <summary>The systemd credential holding the master key, when the unit passes one.</summary>
    public string? CredentialFile =>
        string.IsNullOrWhiteSpace(CredentialsDirectory) || !File.Exists(Path.Combine(CredentialsDirectory, CredentialName))
            ? null
            : Path.Combine(CredentialsDirectory, CredentialName);

    public const string CredentialName = "envelope-master-key";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The messages never quote a value: it is key material.
        if (!string.IsNullOrWhiteSpace(MasterKey) && !Keys.MasterKey.IsWellFormed(MasterKey))
        {
            yield return new ValidationResult("ENVELOPE_MASTER_KEY must be base64 of 32 bytes.");
        }

        if (!string.IsNullOrWhiteSpace(PreviousMasterKey) && !Keys.MasterKey.IsWellFormed(PreviousMasterKey))
        {
            yield return new ValidationResult("ENVELOPE_PREVIOUS_MASTER_KEY must be base64 of 32 bytes.");
        }

        if (string.IsNullOrWhiteSpace(MasterKey) && !string.IsNullOrWhiteSpace(MasterKeyFile) && !File.Exists(MasterKeyFile))
        {
            yield return new ValidationResult($"ENVELOPE_MASTER_KEY_FILE names {MasterKeyFile}, which does not exist.");
        }
    }
}
