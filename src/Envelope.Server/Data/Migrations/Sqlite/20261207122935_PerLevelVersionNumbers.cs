using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PerLevelVersionNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "secret_versions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ClientRotationUntil",
                table: "projects",
                type: "INTEGER",
                nullable: true);

            // Existing versions are numbered 1, 2, ... per level in the order they were written (their ids), tombstones
            // included, before the unique index can hold. The same statement runs on both engines.
            migrationBuilder.Sql(
                """
                UPDATE secret_versions SET "Number" = (
                    SELECT COUNT(*) FROM secret_versions AS earlier
                    WHERE earlier."SecretId" = secret_versions."SecretId" AND earlier."Id" <= secret_versions."Id");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_secret_versions_SecretId_Number",
                table: "secret_versions",
                columns: new[] { "SecretId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_secret_versions_SecretId_Number",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "ClientRotationUntil",
                table: "projects");
        }
    }
}
