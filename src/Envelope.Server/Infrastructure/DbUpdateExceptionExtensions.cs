using Microsoft.Data.Sqlite;
using Npgsql;

namespace Envelope.Server.Infrastructure;

internal static class DbUpdateExceptionExtensions
{
    /// <summary>True when a unique index refused the write: a concurrent request won a race the handler had checked for.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };

    /// <summary>
    /// True when a foreign key refused the write: what it pointed at was deleted by a concurrent request after the
    /// handler found it (SQLite's extended code 787, PostgreSQL's 23503).
    /// </summary>
    public static bool IsForeignKeyViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 } => true,
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => true,
        _ => false,
    };
}
