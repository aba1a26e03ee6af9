using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfIterations",
                table: "project_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfMemoryKib",
                table: "project_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfParallelism",
                table: "project_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "KdfSalt",
                table: "project_keys",
                type: "BLOB",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KdfVersion",
                table: "project_keys",
                type: "INTEGER",
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
