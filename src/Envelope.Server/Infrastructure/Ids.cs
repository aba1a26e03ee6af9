namespace Envelope.Server.Infrastructure;

/// <summary>ULIDs: sortable by creation time, 26 characters, safe in URLs.</summary>
internal static class Ids
{
    public static string New(TimeProvider time) => Ulid.NewUlid(time.GetUtcNow()).ToString();
}
