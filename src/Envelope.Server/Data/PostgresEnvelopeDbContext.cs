using Microsoft.EntityFrameworkCore;

namespace Envelope.Server.Data;

public sealed class PostgresEnvelopeDbContext(DbContextOptions<PostgresEnvelopeDbContext> options) : EnvelopeDbContext(options);
