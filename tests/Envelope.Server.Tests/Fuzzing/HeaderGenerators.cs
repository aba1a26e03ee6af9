using CsCheck;
using static Envelope.Server.Tests.Fuzzing.FuzzValues;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>Authorization headers, valid, expired, revoked, repeated and garbled, and other headers that could mislead.</summary>
internal static class HeaderGenerators
{
    internal static Gen<KeyValuePair<string, string>[]> AuthorizationGen(FuzzWorld world)
    {
        static KeyValuePair<string, string>[] One(string value) => [new("Authorization", value)];
        var garbage = Pick(
            "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", $"bearer {world.OwnerToken}", $"Bearer   {world.OwnerToken}   ", "Bearer envl_", "Bearer envl_" + new string('a', 40),
            $"Bearer {world.OwnerToken}x", $"Bearer {world.OwnerToken[..^1]}", $"Token {world.OwnerToken}", "Bearer " + new string('a', 10_000), "Bearer é", world.OwnerToken,
            $"Bearer {world.OwnerToken}, Bearer {world.NarrowToken}", "", "Bearer null", "Bearer \u0001", $"Bearer {world.OwnerToken.ToUpperInvariant()}");
        return Gen.Frequency(
            (30, Gen.Const(One($"Bearer {world.OwnerToken}"))),
            (10, Gen.Const(One($"Bearer {world.NarrowToken}"))),
            (5, Gen.Const(One($"Bearer {world.ExpiredToken}"))),
            (5, Gen.Const(One($"Bearer {world.RevokedToken}"))),
            (15, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
            (15, garbage.Select(One)),
            (5, Gen.Const<KeyValuePair<string, string>[]>([new("Authorization", $"Bearer {world.OwnerToken}"), new("Authorization", $"Bearer {world.OwnerToken}")])),
            (5, Gen.Const<KeyValuePair<string, string>[]>([new("Authorization", $"Bearer {world.NarrowToken}"), new("Authorization", $"Bearer {world.OwnerToken}")])));
    }

    internal static readonly Gen<KeyValuePair<string, string>[]> OtherHeaders = Gen.Frequency(
        (5, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
        (4, Pick("application/json", "*/*", "text/html", "application/xml", "application/problem+json", "garbage;;q=x", "text/plain, application/json;q=0.1", "", "application/json;q=0")
            .Select(a => new KeyValuePair<string, string>[] { new("Accept", a) })),
        (1, Gen.Const<KeyValuePair<string, string>[]>([new("Accept", "text/html"), new("Accept", "application/json")])),
        (1, Pick("X-Forwarded-Proto:https", "X-Forwarded-For:127.0.0.1", "X-HTTP-Method-Override:DELETE", "Accept-Charset:utf-16", "Accept-Encoding:gzip, br", "If-None-Match:*", "Origin:https://evil.example", "Cookie:.AspNetCore.Antiforgery=x; envelope.login=y", "Range:bytes=0-1")
            .Select(h => new KeyValuePair<string, string>[] { new(h.Split(':', 2)[0], h.Split(':', 2)[1]) })));
}
