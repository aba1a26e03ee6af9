using Envelope.Server.Features.Sessions;

namespace Envelope.Server.Features.Users;

internal static class UsersServiceExtensions
{
    /// <summary>User accounts: password checks and sign-up (closed unless configured open).</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserAccounts>();
        services.AddConsoleSessionRows();
        services.AddSettings<SignUpOptions>();
        services.AddSettings<PasswordHashingOptions>();
        services.AddSingleton<PasswordHashing>();
        return services;
    }
}
