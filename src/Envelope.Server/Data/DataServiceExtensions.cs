using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Envelope.Server.Data;

public static class DataServiceExtensions
{
    /// <summary>
    /// Registers <see cref="EnvelopeDbContext"/> on the engine <c>ENVELOPE_DATABASE</c> names. Interceptors registered as
    /// <see cref="IInterceptor"/> services join it (the tests inject failures that way).
    /// </summary>
    public static IServiceCollection AddEnvelopeData(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddOptions<StorageOptions>().BindConfiguration(string.Empty);

        if (storage.IsPostgres)
        {
            services.AddDbContextPool<EnvelopeDbContext, PostgresEnvelopeDbContext>((sp, options) =>
                options.UseNpgsql(storage.Database).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var connectionString = SqliteConnectionString(storage.SqlitePath);
            services.AddDbContextPool<EnvelopeDbContext, SqliteEnvelopeDbContext>((sp, options) =>
                options.UseSqlite(connectionString).AddInterceptors([SqliteBusyTimeout.Instance, .. sp.GetServices<IInterceptor>()]));
        }

        services.AddHostedService<DatabaseInitializer>();
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
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// Writers queue on SQLite's single write lock; waiting beats failing with SQLITE_BUSY under concurrent writes.
    /// </summary>
    private sealed class SqliteBusyTimeout : DbConnectionInterceptor
    {
        public static readonly SqliteBusyTimeout Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 10000;";
            command.ExecuteNonQuery();
        }
    }
}
