using System.Reflection;

namespace Envelope.Server.Tests.Architecture;

/// <summary>
/// The server is an application, not a library: its types are internal (tests reach in through InternalsVisibleTo).
/// Three kinds are public because something outside the assembly needs them: <c>Program</c> (WebApplicationFactory),
/// the generated migrations (never edited once applied), and the request bodies with the enums they carry, because
/// the minimal-API validation source generator only validates public types.
/// </summary>
public sealed class VisibilityTests
{
    [Fact]
    public void PublicTypes_AreOnly_Program_Migrations_AndRequestBodies()
    {
        var server = typeof(Program).Assembly;
        var requestBodies = server.GetExportedTypes().Where(IsRequestBody).ToList();
        var carriedByRequests = requestBodies.SelectMany(CarriedTypes).Where(type => type.Assembly == server).ToHashSet();

        var unexpected = server.GetExportedTypes()
            .Where(type => type != typeof(Program))
            .Where(type => type.Namespace?.StartsWith("Envelope.Server.Data.Migrations", StringComparison.Ordinal) != true)
            .Where(type => !IsRequestBody(type) && !carriedByRequests.Contains(type))
            .Select(type => type.FullName)
            .ToList();

        Assert.Empty(unexpected);
    }

    [Fact]
    public void InternalClasses_AreSealed_UnlessSomethingDerivesFromThem()
    {
        var types = typeof(Program).Assembly.GetTypes().Where(type => type.Namespace?.StartsWith("Envelope.Server", StringComparison.Ordinal) == true).ToList();
        var bases = types.Select(type => type.BaseType).OfType<Type>().Select(type => type.IsGenericType ? type.GetGenericTypeDefinition() : type).ToHashSet();

        var unsealed = types
            .Where(type => type.IsClass && !type.IsSealed && !type.IsAbstract && !type.IsNested)
            .Where(type => !bases.Contains(type) && type != typeof(Program))
            .Where(type => !type.Namespace!.StartsWith("Envelope.Server.Data.Migrations", StringComparison.Ordinal))
            .Where(type => !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .Select(type => type.FullName)
            .ToList();

        Assert.Empty(unsealed);
    }

    private static bool IsRequestBody(Type type) =>
        type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Form", StringComparison.Ordinal);

    private static IEnumerable<Type> CarriedTypes(Type request) =>
        request.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
            .SelectMany(type => type.IsGenericType ? type.GetGenericArguments() : [type])
            .SelectMany(type => IsRequestBody(type) ? [type] : new[] { type }.Concat(type.IsClass && type.Assembly == request.Assembly ? CarriedTypes(type) : []));
}
