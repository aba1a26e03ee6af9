using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TokenProvenanceAndExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DefaultTokenExpiryDays",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<string>(
                name: "CreatedByTokenId",
                table: "api_tokens",
                type: "character varying(26)",
                maxLength: 26,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedByUserId",
                table: "api_tokens",
                type: "character varying(26)",
                maxLength: 26,
                nullable: true);

            // HAND-WRITTEN BACKFILL (keep when regenerating): organization:read is new, and before it any token could
            // read the organization and its usage, so every existing token keeps that.
            migrationBuilder.Sql("UPDATE api_tokens SET \"Abilities\" = \"Abilities\" || ' organization:read';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DefaultTokenExpiryDays",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "CreatedByTokenId",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "CreatedByUserId",
                table: "api_tokens");
        }
    }
}
