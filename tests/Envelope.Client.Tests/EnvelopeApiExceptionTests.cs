using System.Net;
using System.Text;
using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class EnvelopeApiExceptionTests(EnvelopeServer server)
{
    [Fact]
    public async Task GetProject_Unknown_ThrowsNotFound()
    {
        using var org = await server.CreateOrganizationAsync();

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Projects.GetAsync("nope"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.NotFound, e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.Message));
    }

    [Fact]
    public async Task CreateProject_WithoutAbility_ThrowsInsufficientPermissionsNamingTheAbility()
    {
        using var org = await server.CreateOrganizationAsync();
        var token = await org.CreateTokenAsync("project:read");

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() =>
            org.NewClient(token).Organization(org.Id).Projects.CreateAsync(new CreateProjectRequest { Name = "app" }));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.InsufficientPermissions, e.ErrorCode);
        Assert.Equal("project:create", e.Details["required_ability"].GetString());
    }

    [Fact]
    public async Task CreateProject_InvalidSlug_ThrowsValidationFailedWithFieldErrors()
    {
        using var org = await server.CreateOrganizationAsync();

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() =>
            org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app", Slug = "Not A Slug!" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.ValidationFailed, e.ErrorCode);
        Assert.NotEmpty(e.FieldErrors["slug"]);
    }

    [Fact]
    public async Task CreateProject_ClientManagedWithoutKeyCheck_ThrowsValidationFailedNamingEachField()
    {
        using var org = await server.CreateOrganizationAsync();

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() =>
            org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app", KeyManagement = KeyManagement.Client }));

        Assert.Equal(EnvelopeErrorCodes.ValidationFailed, e.ErrorCode);
        Assert.Equal(["key_check", "key_check_iterations", "key_check_salt"], e.FieldErrors.Keys.Order());
    }

    [Fact]
    public async Task Store_ClientManagedWithAnotherKey_ThrowsKeyProofMismatch()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = Crypto.ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", key, "app", Crypto.KeyProof.MinimumIterations));
        var other = new ClientManagedSecrets(org.Owner, "app", Crypto.ClientKey.Generate());

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => other.PushAsync(new LevelPath("app"), "A=1\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.KeyProofMismatch, e.ErrorCode);
    }

    [Fact]
    public async Task CreateTarget_SlugTaken_ThrowsConflict()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Targets.CreateAsync("app", new CreateNodeRequest { Name = "web" }));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.SlugTaken, e.ErrorCode);
    }

    [Fact]
    public async Task ReadDecrypted_ClientManagedProject_ThrowsClientManagedKey()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("app", Crypto.ClientKey.Generate(), "app", Crypto.KeyProof.MinimumIterations));

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Secrets.ReadMergedAsync(new LevelPath("app")));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.ClientManagedKey, e.ErrorCode);
    }

    [Fact]
    public async Task GetMe_RevokedToken_ThrowsUnauthenticated()
    {
        using var org = await server.CreateOrganizationAsync();
        var token = await org.CreateTokenAsync("project:read");
        var revoked = (await org.Owner.Tokens.GetPageAsync()).Items.Single(t => t.Name == "test");
        await org.Owner.Tokens.RevokeAsync(revoked.Id);

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.NewClient(token).GetMeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.Unauthenticated, e.ErrorCode);
    }

    [Fact]
    public async Task AnyCall_NonJsonErrorBody_ThrowsUnexpectedResponseWithoutQuotingTheBody()
    {
        using var org = await server.CreateOrganizationAsync();
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html><body>upstream exploded: s3cr3t</body></html>", Encoding.UTF8, "text/html"),
        });
        var client = org.NewClient(org.OwnerToken, handler, o => o.MaxRetryAttempts = 0);

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => client.GetMeAsync());

        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.UnexpectedResponse, e.ErrorCode);
        Assert.Contains("502", e.Message, StringComparison.Ordinal);
        Assert.Contains("text/html", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_SuccessWithHtmlBody_ThrowsUnexpectedResponse()
    {
        using var org = await server.CreateOrganizationAsync();
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<html>a login page</html>", Encoding.UTF8, "text/html"),
        });

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.NewClient(org.OwnerToken, handler).GetMeAsync());

        Assert.Equal(EnvelopeErrorCodes.UnexpectedResponse, e.ErrorCode);
    }

    [Fact]
    public async Task ApiError_AnyCode_NeverCarriesTheToken()
    {
        using var org = await server.CreateOrganizationAsync();

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Projects.GetAsync("nope"));

        Assert.DoesNotContain(org.OwnerToken, e.ToString(), StringComparison.Ordinal);
    }
}
