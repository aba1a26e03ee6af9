namespace Envelope.Server.Data.Entities;

/// <summary>
/// A node of the hierarchy (project, target, environment) that a delete moves into the organization's recovery window
/// instead of erasing: while <see cref="DeletedAt"/> is set, the model's query filter hides it (and so all below it)
/// from every read and write, and its slug stays taken under its parent until it is restored or purged.
/// </summary>
internal interface IRecoverable
{
    string Id { get; }
    string Slug { get; }
    DateTimeOffset? DeletedAt { get; set; }

    /// <summary>The user's or token's id that deleted it.</summary>
    string? DeletedBy { get; set; }

    /// <summary>When the purge job erases it for good.</summary>
    DateTimeOffset? PurgeAt { get; set; }
}
