using Microsoft.Extensions.Configuration;

namespace Envelope.Server.Data;

/// <summary>Where Envelope keeps its data. Bound from flat keys so that the environment variables read naturally.</summary>
public sealed class StorageOptions
{
    /// <summary>A SQLite file path, or a PostgreSQL connection string starting with <c>Host=</c>.</summary>
    [ConfigurationKeyName("ENVELOPE_DATABASE")]
    public string? Database { get; set; }

    /// <summary>Holds the SQLite database by default, the generated master key and bootstrap.json.</summary>
    [ConfigurationKeyName("ENVELOPE_DATA_DIR")]
    public string DataDirectory { get; set; } = "data";

    public bool IsPostgres => Database?.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ?? false;

    public string SqlitePath => string.IsNullOrWhiteSpace(Database) ? Path.Combine(DataDirectory, "envelope.db") : Database;

    public static StorageOptions From(IConfiguration configuration) =>
        configuration.Get<StorageOptions>() ?? new StorageOptions();
}
