using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Projects;

/// <summary>The key-proof parameters (and optional KDF metadata) a client-managed project is created with, and only such a project.</summary>
internal static class ProjectKeyCheck
{
    private static readonly string[] Fields = ["key_check", "key_check_salt", "key_check_iterations"];

    public static Dictionary<string, string[]>? Validate(KeyManagement keyManagement, CreateProjectRequest request)
    {
        object?[] values = [request.KeyCheck, request.KeyCheckSalt, request.KeyCheckIterations];
        var problems = new Dictionary<string, string[]>();
        for (var i = 0; i < Fields.Length; i++)
        {
            if (keyManagement == KeyManagement.Client && values[i] is null)
            {
                problems[Fields[i]] = ["Is required for a client-managed project."];
            }
            else if (keyManagement == KeyManagement.Server && values[i] is not null)
            {
                problems[Fields[i]] = ["Applies only to client-managed projects."];
            }
        }

        if (keyManagement == KeyManagement.Server && request.Kdf is not null)
        {
            problems["kdf"] = ["Applies only to client-managed projects."];
        }

        return problems.Count == 0 ? null : problems;
    }

    public static byte[]? Decode(string? base64) => base64 is null ? null : Convert.FromBase64String(base64);
}
