using Envelope.Server.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Envelope.Server.OpenApi;

/// <summary>Writes each endpoint's required ability into its OpenAPI operation, as text and as <c>x-envelope-ability</c>.</summary>
internal sealed class AbilityOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var ability = metadata.OfType<RequiredAbility>().LastOrDefault()?.Ability;
        var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        var requirement = ability is not null ? $"Requires the `{ability}` ability." : anonymous ? "No token needed." : "Any valid token.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description}\n\n{requirement}";
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        if (ability is not null)
        {
            operation.Extensions["x-envelope-ability"] = new JsonNodeExtension(ability);
        }

        var errors = ErrorCodes.For(ability, anonymous);
        operation.Extensions["x-envelope-error-codes"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray([.. errors.Select(e => (System.Text.Json.Nodes.JsonNode?)e)]));
        return Task.CompletedTask;
    }
}
