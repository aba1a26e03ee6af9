using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// Checks a settings class with its data annotations, and its <see cref="IValidatableObject"/> rules when it has any,
/// naming each failure by the setting an operator writes (<c>ENVELOPE_…</c>) rather than the C# property behind it.
/// </summary>
internal sealed class SettingsValidation<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private static readonly (PropertyInfo Property, string Setting)[] Properties =
    [
        .. typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0)
            .Select(property => (property, SettingName(property))),
    ];

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        foreach (var (property, setting) in Properties)
        {
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = setting };
            Validator.TryValidateProperty(property.GetValue(options), context, results);
        }

        if (results.Count == 0 && options is IValidatableObject validatable)
        {
            results.AddRange(validatable.Validate(new ValidationContext(options)));
        }

        return results.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(result => result.ErrorMessage ?? "is not valid."));
    }

    /// <summary>The setting's name as configured: its configuration key when it has one, else the property's name.</summary>
    public static string SettingName(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    public static string SettingName(string propertyName) =>
        SettingName(typeof(TOptions).GetProperty(propertyName) ?? throw new ArgumentException($"{typeof(TOptions).Name} has no {propertyName}.", nameof(propertyName)));
}
