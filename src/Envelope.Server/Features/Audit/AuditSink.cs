using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data.Entities;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Writes audit events as JSON lines to a file or standard output for a log shipper (Vault's file audit device), with
/// the table's fields: hashed identities as stored, never a value or key. Each batch is appended and flushed before
/// the transaction that wrote it commits, so a required sink that fails refuses the change.
/// </summary>
internal sealed partial class AuditSink(IOptions<AuditOptions> options, ILogger<AuditSink> logger)
{
    private readonly Lock _writing = new();

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.SinkPath);

    /// <exception cref="AuditUnavailableException">The sink is required and could not be written.</exception>
    public void Write(IReadOnlyList<AuditEvent> events)
    {
        if (!IsConfigured || events.Count == 0)
        {
            return;
        }

        var lines = new StringBuilder();
        foreach (var e in events)
        {
            lines.Append(Line(e)).Append('\n');
        }

        try
        {
            lock (_writing)
            {
                if (options.Value.WritesToStandardOutput)
                {
                    using var stdout = System.Console.OpenStandardOutput();
                    stdout.Write(Encoding.UTF8.GetBytes(lines.ToString()));
                    stdout.Flush();
                }
                else
                {
                    // Opened per batch, so a log rotation that moves the file is followed at the next event.
                    using var file = new FileStream(options.Value.SinkPath!, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                    file.Write(Encoding.UTF8.GetBytes(lines.ToString()));
                    file.Flush(flushToDisk: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            if (options.Value.SinkRequired)
            {
                LogRefused(logger, e.GetType().Name);
                throw new AuditUnavailableException(e);
            }

            LogSkipped(logger, e.GetType().Name, events.Count);
        }
    }

    public static string Line(AuditEvent e)
    {
        var line = new JsonObject
        {
            ["type"] = "audit_event",
            ["organization_id"] = e.OrganizationId,
            ["sequence"] = e.Sequence,
            ["hash"] = e.Hash,
            ["action"] = e.Action,
            ["token_id"] = e.TokenId,
            ["project_id"] = e.ProjectId,
            ["subject"] = e.Subject,
            ["details"] = e.Details is null ? null : JsonNode.Parse(e.Details),
            ["created_at"] = e.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        return line.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    [LoggerMessage(LogLevel.Error, "The required audit sink could not be written ({ErrorType}); the change was refused")]
    private static partial void LogRefused(ILogger logger, string errorType);

    [LoggerMessage(LogLevel.Warning, "The audit sink could not be written ({ErrorType}); {Count} event(s) are in the database only")]
    private static partial void LogSkipped(ILogger logger, string errorType, int count);
}
