using System;
using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConsoleSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DisabledAt",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "console_sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "character varying(26)", maxLength: 26, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Device = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_console_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_console_sessions_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_console_sessions_UserId",
                table: "console_sessions",
                column: "UserId");

            // HAND-WRITTEN BACKFILL (keep when regenerating): session:manage is new, and owner tokens hold every ability.
            migrationBuilder.Sql("UPDATE api_tokens SET \"Abilities\" = \"Abilities\" || ' session:manage' WHERE \"IsOwner\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "console_sessions");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "users");
        }
    }
}
