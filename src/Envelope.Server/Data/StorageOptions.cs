using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Envelope.Server.Data;

/// <summary>Where Envelope keeps its data. Bound from flat keys so that the environment variables read naturally.</summary>
internal sealed class StorageOptions : IValidatableObject
{
    /// <summary>A SQLite file path, or a PostgreSQL connection string starting with <c>Host=</c>.</summary>
    [ConfigurationKeyName("ENVELOPE_DATABASE")]
    public string? Database { get; set; }

    /// <summary>Holds the SQLite database by default, the generated master key and bootstrap.json.</summary>
    [ConfigurationKeyName("ENVELOPE_DATA_DIR")]
    [Required]
    public string DataDirectory { get; set; } = "data";

    public bool IsPostgres => Database?.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ?? false;

    public string SqlitePath => string.IsNullOrWhiteSpace(Database) ? Path.Combine(DataDirectory, "envelope.db") : Database;

    public static StorageOptions From(IConfiguration configuration) =>
        configuration.Get<StorageOptions>() ?? new StorageOptions();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsPostgres && !IsConnectionString(Database!))
        {
            // The message never quotes the value: a connection string may hold a password.
            yield return new ValidationResult("ENVELOPE_DATABASE starts with Host= but is not a valid PostgreSQL connection string.");
        }
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
