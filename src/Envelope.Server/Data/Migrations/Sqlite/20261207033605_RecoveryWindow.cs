using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecoveryWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "targets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "targets",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PurgeAt",
                table: "targets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "projects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "projects",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PurgeAt",
                table: "projects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RecoveryWindowDays",
                table: "organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "environments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "environments",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PurgeAt",
                table: "environments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_targets_PurgeAt",
                table: "targets",
                column: "PurgeAt");

            migrationBuilder.CreateIndex(
                name: "IX_projects_PurgeAt",
                table: "projects",
                column: "PurgeAt");

            migrationBuilder.CreateIndex(
                name: "IX_environments_PurgeAt",
                table: "environments",
                column: "PurgeAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_targets_PurgeAt",
                table: "targets");

            migrationBuilder.DropIndex(
                name: "IX_projects_PurgeAt",
                table: "projects");

            migrationBuilder.DropIndex(
                name: "IX_environments_PurgeAt",
                table: "environments");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "targets");

            migrationBuilder.DropColumn(
                name: "DeletedBy",
                table: "targets");

            migrationBuilder.DropColumn(
                name: "PurgeAt",
                table: "targets");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "DeletedBy",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "PurgeAt",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "RecoveryWindowDays",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "environments");

            migrationBuilder.DropColumn(
                name: "DeletedBy",
                table: "environments");

            migrationBuilder.DropColumn(
                name: "PurgeAt",
                table: "environments");
        }
    }
}
