using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Infrastructure;

/// <summary>Validates that an optional string is base64 of exactly <paramref name="length"/> bytes.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class Base64BytesAttribute(int length) : ValidationAttribute
{
    public int Length { get; } = length;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        Span<byte> buffer = stackalloc byte[Length + 3];
        return value is string text && Convert.TryFromBase64String(text, buffer, out var written) && written == Length
            ? ValidationResult.Success
            : new ValidationResult($"Must be base64 of exactly {Length} bytes.", validationContext.MemberName is { } member ? [member] : null);
    }
}
