using Envelope.Server.Auth;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Tokens;

/// <summary>
/// A caller sees and revokes only tokens it could have created itself: no ability it lacks, no project beyond its
/// own. Otherwise a narrow token holding token:manage could revoke the owner's token.
/// </summary>
internal static class TokenScope
{
    public static bool Covers(Caller caller, ApiToken token)
    {
        if (token.IsOwner && !caller.IsOwner)
        {
            return false;
        }

        if (!token.Abilities.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(caller.Has))
        {
            return false;
        }

        return caller.ProjectIds is not { } reachable
            || (token.IsProjectRestricted && token.Projects.All(p => reachable.Contains(p.ProjectId)));
    }
}
