using System;
using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecoveryWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "targets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "targets",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PurgeAt",
                table: "targets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "projects",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PurgeAt",
                table: "projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RecoveryWindowDays",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeletedAt",
                table: "environments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "environments",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PurgeAt",
                table: "environments",
                type: "timestamp with time zone",
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
