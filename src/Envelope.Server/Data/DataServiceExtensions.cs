using Envelope.Server.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Envelope.Server.Data;

internal static class DataServiceExtensions
{
    /// <summary>
    /// Registers <see cref="EnvelopeDbContext"/> on the engine <c>ENVELOPE_DATABASE</c> names. Interceptors registered as
    /// <see cref="IInterceptor"/> services join it (the tests inject failures that way).
    /// </summary>
    public static IServiceCollection AddEnvelopeData(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddSettings<StorageOptions>();

        if (storage.IsPostgres)
        {
            services.AddDbContextPool<EnvelopeDbContext, PostgresEnvelopeDbContext>((sp, options) =>
                options.UseNpgsql(storage.Database).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var connectionString = SqliteConnectionString(storage.SqlitePath);
            services.AddDbContextPool<EnvelopeDbContext, SqliteEnvelopeDbContext>((sp, options) =>
                options.UseSqlite(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        services.AddSingleton<SqliteWriteGate>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    internal static string SqliteConnectionString(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database for this long before failing a command, so concurrent
            // writers queue for the write lock (BEGIN IMMEDIATE) instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
    }
}
