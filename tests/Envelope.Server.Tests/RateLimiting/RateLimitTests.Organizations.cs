using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.RateLimiting;

/// <summary>The budget of an organization: its plan's requests a minute, whichever token spends it.</summary>
public abstract partial class RateLimitTests
{
    [Fact]
    public async Task OrganizationRequests_BeyondTheDefaultLimit_Return429WithRetryAfter()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);

        for (var i = 0; i < 100; i++)
        {
            var response = await org.Owner.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertBudget(response, 100, 99 - i);
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");

        var body = await JsonApi.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        AssertBudget(refused, 100, 0);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(100, body["details"]!["limit"]!.GetValue<int>());
        Assert.Equal(45, body["details"]!["retry_after"]!.GetValue<int>());
    }

    [Fact]
    public async Task OrganizationOnTheTeamPlan_IsAllowedItsPlansLimit()
    {
        var org = await App.CreateOrganizationAsync();
        await SetPlanAsync(org.Id, Plan.Team);
        RawRequests.StartOfWindow(App.Time);

        for (var i = 0; i < 300; i++)
        {
            var response = await org.Owner.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertBudget(response, 300, 299 - i);
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");
        await JsonApi.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        AssertBudget(refused, 300, 0);
    }

    [Fact]
    public async Task PlanChange_AfterThePlanCacheExpires_AppliesWithinTheSameWindow()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 50; i++)
        {
            await org.Owner.GetAsync("/api/v1/me");
        }

        await SetPlanAsync(org.Id, Plan.Team);
        App.Time.Advance(TimeSpan.FromSeconds(31));
        var response = await org.Owner.GetAsync("/api/v1/me");

        AssertBudget(response, 300, 249);
    }

    [Fact]
    public async Task Organizations_OneExhaustingItsBudget_LeavesAnothersUntouched()
    {
        var spender = await App.CreateOrganizationAsync("spender");
        var other = await App.CreateOrganizationAsync("other");
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await spender.Owner.GetAsync("/api/v1/me");
        }

        var refused = await spender.Owner.GetAsync("/api/v1/me");
        var served = await other.Owner.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertBudget(served, 100, 99);
    }

    [Fact]
    public async Task Budget_AfterItsWindowEnds_IsRestored()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await org.Owner.GetAsync("/api/v1/me");
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");
        App.Time.Advance(refused.Headers.RetryAfter!.Delta!.Value - TimeSpan.FromSeconds(1));
        var stillRefused = await org.Owner.GetAsync("/api/v1/me");
        App.Time.Advance(TimeSpan.FromSeconds(1));
        var served = await org.Owner.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertBudget(served, 100, 99);
    }

    [Fact]
    public async Task ErrorResponses_CarryTheHeaders()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);

        var notFound = await org.Owner.GetAsync("/api/v1/nothing/here/at/all");
        var malformed = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent("{bad", System.Text.Encoding.UTF8, "application/json"));
        var invalid = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = string.Empty });

        await JsonApi.AssertErrorAsync(notFound, HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "malformed_json");
        await JsonApi.AssertErrorAsync(invalid, HttpStatusCode.UnprocessableEntity, "validation_failed");
        AssertBudget(notFound, 100, 99);
        AssertBudget(malformed, 100, 98);
        AssertBudget(invalid, 100, 97);
    }
}
