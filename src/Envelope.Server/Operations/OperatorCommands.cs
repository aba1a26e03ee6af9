using System.CommandLine;
using System.Text.Json;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.EncryptionKeys;
using Envelope.Server.Features.Organizations;
using Envelope.Server.Features.Users;
using Envelope.Server.Keys;

namespace Envelope.Server.Operations;

/// <summary>
/// Commands an operator runs against the configured database instead of serving:
/// <c>init --organization NAME</c> and <c>plan set --organization ULID --plan NAME</c>.
/// </summary>
internal static class OperatorCommands
{
    private static readonly string[] Names = ["init", "plan", "master-key", "user"];

    public static bool IsOperatorCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var organizationName = new Option<string>("--organization") { Description = "Name of the new organization.", Required = true };
        var init = new Command("init", "Create an organization and its owner token; prints one JSON line.") { organizationName };
        init.SetAction((result, ct) => WithDatabaseAsync(async (services, db) =>
        {
            var provisioned = await services.GetRequiredService<OrganizationProvisioner>()
                .CreateAsync(result.GetRequiredValue(organizationName), cancellationToken: ct);
            Console.Out.WriteLine(JsonSerializer.Serialize(new InitOutput(provisioned.Organization.Id, provisioned.OwnerToken!), OperatorJson.Default.InitOutput));
            return 0;
        }, ct));

        var organizationId = new Option<string>("--organization") { Description = "The organization's ULID.", Required = true };
        var planName = new Option<string>("--plan") { Description = "free, team or business.", Required = true };
        var set = new Command("set", "Change an organization's plan.") { organizationId, planName };
        set.SetAction((result, ct) => WithDatabaseAsync(async (services, db) =>
        {
            var plan = result.GetRequiredValue(planName);
            if (!await db.Plans.AnyAsync(p => p.Name == plan, ct))
            {
                await Console.Error.WriteLineAsync($"Unknown plan '{plan}'. Plans: {string.Join(", ", Plan.Catalog.Select(p => p.Name))}.");
                return 1;
            }

            var id = result.GetRequiredValue(organizationId);
            if (await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, ct) is not { } organization)
            {
                await Console.Error.WriteLineAsync($"No organization {id}.");
                return 1;
            }

            if (organization.PlanName != plan)
            {
                // The operator's change, not a token's: the event names no token.
                AuditLog.Record(db, services.GetRequiredService<TimeProvider>(), id, null, AuditActions.OrganizationPlanChange, null, organization.Name,
                    new { from = organization.PlanName, to = plan });
                organization.PlanName = plan;
                await db.SaveChangesAsync(ct);
            }

            await Console.Out.WriteLineAsync($"Organization {id} is now on plan {plan}.");
            return 0;
        }, ct));

        var newKeyFile = new Option<FileInfo>("--new-key-file") { Description = "A file holding the new master key (base64 of 32 bytes).", Required = true };
        var rotate = new Command("rotate", "Re-wrap every data key under a new master key; safe to run again after a crash.") { newKeyFile };
        rotate.SetAction((result, ct) => WithDatabaseAsync(async (services, db) =>
        {
            var file = result.GetRequiredValue(newKeyFile);
            var next = MasterKey.FromBase64(await File.ReadAllTextAsync(file.FullName, ct), file.FullName);
            var current = services.GetRequiredService<MasterKey>();
            var progress = new Progress<(int Done, int Total)>(p => Console.Error.Write($"\rRe-wrapping data keys: {p.Done}/{p.Total}"));
            var outcome = await new MasterKeyRotation(db).RunAsync(current, next, progress, ct);
            var checkpoints = new AuditCheckpointWriter(db, services.GetRequiredService<AuditKey>(), TimeProvider.System);
            outcome = outcome with { ResignedCheckpoints = await checkpoints.ResignAsync(new AuditKey(next), ct) };
            await Console.Error.WriteLineAsync();
            Console.Out.WriteLine(JsonSerializer.Serialize(outcome, OperatorJson.Default.MasterKeyRotationResult));
            return 0;
        }, ct));

        var email = new Option<string>("--email") { Description = "The user's email address.", Required = true };
        var memberOf = new Option<string>("--organization") { Description = "The organization's ULID.", Required = true };
        var role = new Option<MembershipRole>("--role") { Description = "owner, admin or member.", DefaultValueFactory = _ => MembershipRole.Member };
        var addUser = new Command("add", "Add a user to an organization, creating the account if needed. A new account's password is read from standard input.") { email, memberOf, role };
        addUser.SetAction((result, ct) => WithDatabaseAsync(async (services, db) =>
        {
            var accounts = services.GetRequiredService<UserAccounts>();
            var organization = result.GetRequiredValue(memberOf);
            if (!await db.Organizations.AnyAsync(o => o.Id == organization, ct))
            {
                await Console.Error.WriteLineAsync($"No organization {organization}.");
                return 1;
            }

            var user = await accounts.FindAsync(result.GetRequiredValue(email), ct);
            if (user is null)
            {
                // Never from argv: it would land in shell history and the process list.
                var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? string.Empty;
                if (password.Length < UserAccounts.MinimumPasswordLength)
                {
                    await Console.Error.WriteLineAsync($"A new account needs a password of at least {UserAccounts.MinimumPasswordLength} characters on standard input.");
                    return 1;
                }

                user = accounts.Create(result.GetRequiredValue(email), password);
            }

            await accounts.SetRoleAsync(user, organization, result.GetRequiredValue(role), ct);
            await db.SaveChangesAsync(ct);
            await Console.Out.WriteLineAsync($"{user.Email} is {result.GetRequiredValue(role).ToString().ToLowerInvariant()} of {organization}.");
            return 0;
        }, ct));

        var disableEmail = new Argument<string>("email") { Description = "The user's email address." };
        var disableUser = new Command("disable", "Stop a user signing in and sign out every console session of theirs.") { disableEmail };
        disableUser.SetAction((result, ct) => WithUserAsync(result.GetRequiredValue(disableEmail), async (accounts, user) =>
            await accounts.DisableAsync(user, ct) ? $"{user.Email} is disabled; their console sessions are signed out." : $"{user.Email} was disabled already.", ct));

        var enableEmail = new Argument<string>("email") { Description = "The user's email address." };
        var enableUser = new Command("enable", "Let a disabled user sign in again.") { enableEmail };
        enableUser.SetAction((result, ct) => WithUserAsync(result.GetRequiredValue(enableEmail), async (accounts, user) =>
            await accounts.EnableAsync(user, ct) ? $"{user.Email} can sign in again." : $"{user.Email} was not disabled.", ct));

        var root = new RootCommand("Envelope server operator commands.")
        {
            new Command("user", "Manage users.") { addUser, disableUser, enableUser },
            init,
            new Command("plan", "Manage plans.") { set },
            new Command("master-key", "Manage the master key.") { rotate },
        };
        return root.Parse(args).InvokeAsync();
    }

    /// <summary>Runs <paramref name="change"/> on the account of <paramref name="email"/>, saves it, and prints what it says.</summary>
    private static Task<int> WithUserAsync(string email, Func<UserAccounts, User, Task<string>> change, CancellationToken cancellationToken) =>
        WithDatabaseAsync(async (services, db) =>
        {
            var accounts = services.GetRequiredService<UserAccounts>();
            if (await accounts.FindAsync(email, cancellationToken) is not { } user)
            {
                await Console.Error.WriteLineAsync($"No user {UserAccounts.Normalize(email)}.");
                return 1;
            }

            var said = await change(accounts, user);
            await db.SaveChangesAsync(cancellationToken);
            await Console.Out.WriteLineAsync(said);
            return 0;
        }, cancellationToken);

    private static async Task<int> WithDatabaseAsync(Func<IServiceProvider, EnvelopeDbContext, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        // Standard output carries the command's result alone; diagnostics go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEnvelopeData(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOrganizations();
        builder.Services.AddUsers();
        builder.Services.AddMasterKey();
        builder.Services.AddAuditChain();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        await DatabaseMigrator.MigrateAsync(db, cancellationToken);
        return await action(scope.ServiceProvider, db);
    }
}

internal sealed record InitOutput(string Organization, string Token);

[System.Text.Json.Serialization.JsonSerializable(typeof(InitOutput))]
[System.Text.Json.Serialization.JsonSerializable(typeof(MasterKeyRotationResult))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class OperatorJson : System.Text.Json.Serialization.JsonSerializerContext;
