using Microsoft.EntityFrameworkCore.Migrations;


namespace Envelope.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VersionChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ContentSha256",
                table: "secret_versions",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "secret_versions",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousHash",
                table: "secret_versions",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousVersionId",
                table: "secret_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ReEncryptionHash",
                table: "secret_versions",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WrittenKeyVersion",
                table: "secret_versions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ContentSha256",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "PreviousVersionId",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "ReEncryptionHash",
                table: "secret_versions");

            migrationBuilder.DropColumn(
                name: "WrittenKeyVersion",
                table: "secret_versions");
        }
    }
}
