using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "audit_events",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "audit_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 26, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    HeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MasterKeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_audit_checkpoints_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Hand-written (keep when regenerating): number the events written before the chain, per organization in id
            // order, before the unique index needs distinct numbers. Their hashes are computed at start
            // (Features/Audit/AuditChainBackfill), which SQL cannot do the same way on both engines.
            migrationBuilder.Sql("""
                UPDATE audit_events SET "Sequence" = (
                    SELECT COUNT(*) FROM audit_events AS earlier
                    WHERE earlier."OrganizationId" = audit_events."OrganizationId" AND earlier."Id" <= audit_events."Id");
                """);

            // Hand-written (keep when regenerating): audit times move from EF's binary form (100 µs units of local ticks,
            // offset minutes in the low 11 bits) to microseconds since the Unix epoch, PostgreSQL's precision.
            migrationBuilder.Sql("""
                UPDATE audit_events SET "CreatedAt" =
                    (("CreatedAt" >> 11) * 1000
                    - (CASE WHEN ("CreatedAt" & 2047) >= 1024 THEN ("CreatedAt" & 2047) - 2048 ELSE "CreatedAt" & 2047 END) * 600000000) / 10
                    - 62135596800000000;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_OrganizationId_Sequence",
                table: "audit_events",
                columns: new[] { "OrganizationId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_checkpoints_OrganizationId_Sequence",
                table: "audit_checkpoints",
                columns: new[] { "OrganizationId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Hand-written (keep when regenerating): back to EF's binary form (UTC, offset 0).
            migrationBuilder.Sql("""
                UPDATE audit_events SET "CreatedAt" = ((("CreatedAt" + 62135596800000000) * 10) / 1000) << 11;
                """);

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropIndex(
                name: "IX_audit_events_OrganizationId_Sequence",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "audit_events");
        }
    }
}
