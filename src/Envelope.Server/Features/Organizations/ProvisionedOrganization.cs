using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Organizations;

/// <summary>A new organization, and its owner token when no user was made its owner (shown once, never stored).</summary>
internal sealed record ProvisionedOrganization(Organization Organization, string? OwnerToken);
