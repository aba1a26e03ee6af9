namespace Envelope.Server.Features.Secrets;

/// <summary>
/// A read's rendered response, kept by <see cref="SecretReadCache"/> and written as is; the versions it shows are
/// recorded as accessed on every request it answers. Decrypted reads hold plaintext: never log one.
/// </summary>
internal sealed class CachedReadResponse(byte[] body, string contentType, long[] versionIds, bool decrypted) : IResult
{
    // Bookkeeping beyond the body (object headers, the key and the cache entry), roughly.
    private const int Overhead = 256;

    public long[] VersionIds => versionIds;

    /// <summary>True when the body holds plaintext: such reads are audited (DecryptedReadRecorder), ciphertext reads are not.</summary>
    public bool Decrypted => decrypted;

    public long Size => body.Length + Overhead;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    public override string ToString() => $"CachedReadResponse({body.Length} bytes)";
}
