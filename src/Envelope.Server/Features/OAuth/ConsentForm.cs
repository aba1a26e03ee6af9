namespace Envelope.Server.Features.OAuth;

public sealed class ConsentForm
{
    public string? Organization { get; init; }
    public string? Decision { get; init; }

    public string? ReturnUrl { get; init; }
}
