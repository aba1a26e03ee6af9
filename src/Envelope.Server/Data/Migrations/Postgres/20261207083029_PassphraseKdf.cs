using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PassphraseKdf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "KdfAlgorithm",
                table: "project_keys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfIterations",
                table: "project_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfMemoryKib",
                table: "project_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfParallelism",
                table: "project_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "KdfSalt",
                table: "project_keys",
                type: "bytea",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfVersion",
                table: "project_keys",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KdfAlgorithm",
                table: "project_keys");

            migrationBuilder.DropColumn(
                name: "KdfIterations",
                table: "project_keys");

            migrationBuilder.DropColumn(
                name: "KdfMemoryKib",
                table: "project_keys");

            migrationBuilder.DropColumn(
                name: "KdfParallelism",
                table: "project_keys");

            migrationBuilder.DropColumn(
                name: "KdfSalt",
                table: "project_keys");

            migrationBuilder.DropColumn(
                name: "KdfVersion",
                table: "project_keys");
        }
    }
}
