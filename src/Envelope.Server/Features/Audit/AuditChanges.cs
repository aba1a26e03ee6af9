namespace Envelope.Server.Features.Audit;

/// <summary>What an update changed, as audit details: each changed field with its <c>from</c> and <c>to</c>.</summary>
internal static class AuditChanges
{
    public static Dictionary<string, object?> Of(params (string Field, object? From, object? To)[] fields) =>
        fields.Where(f => !Equals(f.From, f.To)).ToDictionary(f => f.Field, f => (object?)new { from = f.From, to = f.To });
}
