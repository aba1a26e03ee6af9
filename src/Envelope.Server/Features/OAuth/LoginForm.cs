namespace Envelope.Server.Features.OAuth;

public sealed class LoginForm
{
    public string? Email { get; init; }
    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}
