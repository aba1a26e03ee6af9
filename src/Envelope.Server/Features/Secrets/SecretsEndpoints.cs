using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;

namespace Envelope.Server.Features.Secrets;

internal static class SecretsEndpoints
{
    public static RouteGroupBuilder MapSecretsEndpoints(this RouteGroupBuilder organization)
    {
        // Reads bind no body, so the validation filter has nothing to check; it cost a tenth of a cached read.
        var reads = organization.MapGroup("/").WithTags("Secrets").DisableValidation();
        reads.MapGet("/{project}/secrets", ReadProjectLevel).WithName("ReadProjectSecrets").WithSummary("Read the project level").RequireAbility(Abilities.SecretRead);
        reads.MapGet("/{project}/{target}/secrets", ReadTargetLevel).WithName("ReadTargetSecrets").WithSummary("Read the target and project levels").RequireAbility(Abilities.SecretRead);
        reads.MapGet("/{project}/{target}/{environment}/secrets", ReadEnvironmentLevel).WithName("ReadEnvironmentSecrets").WithSummary("Read the environment, target and project levels").RequireAbility(Abilities.SecretRead);

        var group = organization.MapGroup("/secrets").WithTags("Secrets");
        group.MapPost("/retrieve", Retrieve).WithName("RetrieveSecrets")
            .WithSummary("Read with filters; action read needs secret:read, decrypt secret:decrypt, key:retrieve key:retrieve");
        group.MapPost("/store", SecretWriteHandlers.Store).WithName("StoreSecrets").WithSummary("Upsert the encrypted blob of a level").RequireAbility(Abilities.SecretWrite);
        group.MapPost("/delete", SecretWriteHandlers.Delete).WithName("DeleteSecrets").WithSummary("Clear the blob of a level (no_backup also needs secret:purge)").RequireAbility(Abilities.SecretWrite);
        return organization;
    }

    public static Task<IResult> ReadProjectLevel(string project, Caller caller, SecretQuery query, SecretReadCache cache, HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(new LevelSlugs(project, null, null), caller, query, cache, context, cancellationToken);

    public static Task<IResult> ReadTargetLevel(string project, string target, Caller caller, SecretQuery query, SecretReadCache cache, HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(new LevelSlugs(project, target, null), caller, query, cache, context, cancellationToken);

    public static Task<IResult> ReadEnvironmentLevel(
        string project, string target, string environment, Caller caller, SecretQuery query, SecretReadCache cache, HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(new LevelSlugs(project, target, environment), caller, query, cache, context, cancellationToken);

    public static async Task<IResult> Retrieve(
        RetrieveSecretsRequest request, Caller caller, SecretReadCache cache, HttpContext context, CancellationToken cancellationToken)
    {
        var ability = request.Action switch
        {
            RetrieveAction.Decrypt => Abilities.SecretDecrypt,
            RetrieveAction.KeyRetrieve => Abilities.KeyRetrieve,
            _ => Abilities.SecretRead,
        };
        if (!caller.Has(ability))
        {
            return ApiErrors.InsufficientPermissions(ability);
        }

        var options = new SecretReadOptions(request.Action == RetrieveAction.Decrypt, request.Merge, request.Raw, request.Filters, request.Action == RetrieveAction.KeyRetrieve);
        return await ReadLevelAsync(request, caller, options, cache, context.RequestServices, cancellationToken);
    }

    private static async Task<IResult> ReadAsync(
        LevelSlugs slugs, Caller caller, SecretQuery query, SecretReadCache cache, HttpContext context, CancellationToken cancellationToken)
    {
        if (query.Error is { } invalid)
        {
            return invalid;
        }

        if (query.Decrypt && !caller.Has(Abilities.SecretDecrypt))
        {
            return ApiErrors.InsufficientPermissions(Abilities.SecretDecrypt);
        }

        var options = new SecretReadOptions(query.Decrypt, query.Merge, query.Raw, null, IncludeKeys: false);
        return await ReadLevelAsync(slugs, caller, options, cache, context.RequestServices, cancellationToken);
    }

    private static async Task<IResult> ReadLevelAsync(
        ILevelRequest slugs, Caller caller, SecretReadOptions options, SecretReadCache cache, IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = await ReadOrAnswerAsync(slugs, caller, options, cache, services, cancellationToken);
        if (result is CachedReadResponse { Decrypted: true })
        {
            // Counted in memory, written as one audit event per token, level and minute: a read costs no write.
            services.GetRequiredService<DecryptedReadRecorder>().Record(caller.OrganizationId, caller.TokenId, slugs.Project, slugs.Target, slugs.Environment);
        }

        if (options.IncludeKeys && result is not ApiErrorResult)
        {
            // The answer holds data keys: its event commits before the answer is written (KeyRetrievalAudit).
            var db = services.GetRequiredService<EnvelopeDbContext>();
            // A cached answer did not load the project; a project deleted since is answered as the read would answer it now.
            if (await db.Projects.AsNoTracking().Where(p => p.OrganizationId == caller.OrganizationId && p.Slug == slugs.Project)
                .Select(p => p.Id).SingleOrDefaultAsync(cancellationToken) is not { } projectId)
            {
                return ApiErrors.NotFound("project");
            }

            var level = string.Join('/', new[] { slugs.Project, slugs.Target, slugs.Environment }.Where(s => s is not null));
            await KeyRetrievalAudit.RecordAsync(db, services.GetRequiredService<TimeProvider>(), caller, projectId, level, new { via = "secrets" }, cancellationToken);
        }

        return result;
    }

    private static async Task<IResult> ReadOrAnswerAsync(
        ILevelRequest slugs, Caller caller, SecretReadOptions options, SecretReadCache cache, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (cache.TryAnswer(caller, slugs, options, out var answer, out var databaseStamp))
        {
            return answer!;
        }

        // Resolved only now: renting a pooled DbContext (and what depends on it) was a measurable part of a cached read.
        var db = services.GetRequiredService<EnvelopeDbContext>();
        var (level, error, stamp) = await SecretLevelResolver.ResolveForReadAsync(db, cache, databaseStamp, caller, slugs, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        options = options.ApplicableTo(level!);
        return SecretReader.Validate(level!, options)
            ?? await services.GetRequiredService<SecretReader>().ReadAsync(level!, options, cache, stamp, cancellationToken);
    }

    private sealed record LevelSlugs(string? Project, string? Target, string? Environment) : ILevelRequest;
}
