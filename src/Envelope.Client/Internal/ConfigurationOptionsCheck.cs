using Envelope.Client.Configuration;

namespace Envelope.Client.Internal;

internal static class ConfigurationOptionsCheck
{
    /// <summary>Names every missing option at once, so a misconfigured deployment is fixed in one go.</summary>
    public static LevelPath Validate(EnvelopeConfigurationOptions options)
    {
        var missing = new List<string>();
        if (options.Server is not { IsAbsoluteUri: true })
        {
            missing.Add(nameof(options.Server) + " (an absolute address such as http://127.0.0.1:5080)");
        }

        Require(options.Token, nameof(options.Token), missing);
        Require(options.Organization, nameof(options.Organization), missing);
        Require(options.Project, nameof(options.Project), missing);
        if (options.Environment is not null && options.Target is null)
        {
            missing.Add(nameof(options.Target) + " (an environment belongs to a target)");
        }

        if (options.ClientKey is not null && options.Passphrase is not null)
        {
            missing.Add(nameof(options.ClientKey) + " or " + nameof(options.Passphrase) + " (not both)");
        }

        if (missing.Count > 0)
        {
            throw new EnvelopeConfigurationException($"The Envelope configuration provider needs EnvelopeConfigurationOptions.{string.Join(", ", missing)}.");
        }

        return new LevelPath(options.Project!, Blank(options.Target), Blank(options.Environment));
    }

    private static void Require(string? value, string name, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add(name);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
