using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Infrastructure;

/// <summary>Validates an optional slug property; null passes (a missing slug is derived from the name).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class SlugAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null || Slugs.Problem(value as string) is not { } problem
            ? ValidationResult.Success
            : new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null);
}
