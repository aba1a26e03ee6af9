using System.ComponentModel.DataAnnotations;
using Envelope.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Users;

public sealed record SignUpRequest(
    [property: Required, EmailAddress, StringLength(320)] string? Email,
    [property: Required, StringLength(1024, MinimumLength = UserAccounts.MinimumPasswordLength)] string? Password);

internal sealed record UserResponse(string Id, string Email, DateTimeOffset CreatedAt)
{
    public string Type => "user";
}

internal static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users", SignUp).WithTags("Identity").WithName("SignUp").WithSummary("Create a user account, when sign-up is open").AllowAnonymous();
        return api;
    }

    public static async Task<Results<Created<DataResponse<UserResponse>>, ApiErrorResult>> SignUp(
        SignUpRequest request, UserAccounts accounts, PasswordHashing hashing, EnvelopeDbContext db, IOptions<SignUpOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return ApiErrors.Forbidden("signup_closed", "Sign-up is closed on this server; ask an operator to add you.");
        }

        if (await accounts.FindAsync(request.Email!, cancellationToken) is not null)
        {
            return ApiErrors.Conflict("email_taken", "An account with this address exists.");
        }

        if (await hashing.HashAsync(request.Password!, cancellationToken) is not { } hash)
        {
            return ApiErrors.Busy(PasswordHashing.RetryAfterSeconds);
        }

        var user = accounts.CreateHashed(request.Email!, hash);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/me", DataResponse.Of(new UserResponse(user.Id, user.Email, user.CreatedAt), "Account created. Sign in with the CLI: envelope login."));
    }
}
