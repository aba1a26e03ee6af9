using Envelope.Server.Data.Entities;

namespace Envelope.Server.Keys;

/// <summary>A key that is not active refuses value operations (store, decrypt, restore, rotation); metadata stays readable.</summary>
internal static class KeyAvailability
{
    public static ApiErrorResult? Check(KeyState state) => state switch
    {
        KeyState.Active => null,
        _ => ApiErrors.BadRequest("key_unavailable", $"The project's key is {Describe(state)}: values can be neither read nor written until it is enabled again.",
            new Dictionary<string, object?> { ["key_state"] = Describe(state) }),
    };

    public static string Describe(KeyState state) => state switch
    {
        KeyState.Active => "active",
        KeyState.Disabled => "disabled",
        KeyState.PendingDeletion => "pending_deletion",
        _ => "deleted",
    };
}
