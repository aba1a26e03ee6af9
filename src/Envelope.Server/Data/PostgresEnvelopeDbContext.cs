namespace Envelope.Server.Data;

internal sealed class PostgresEnvelopeDbContext(DbContextOptions<PostgresEnvelopeDbContext> options) : EnvelopeDbContext(options);
