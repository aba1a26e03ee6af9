namespace Envelope.Client;

/// <summary>
/// The <c>error</c> codes the API answers with (docs/api.md), for switching on <see cref="EnvelopeApiException.ErrorCode"/>.
/// A code not listed here is still reported as the server sent it.
/// </summary>
public static class EnvelopeErrorCodes
{
    /// <summary>The response was not an Envelope answer (for example an HTML page from a proxy); see the status code.</summary>
    public const string UnexpectedResponse = "unexpected_response";

    /// <summary>400: the body is not JSON, a member has the wrong type, or is unknown.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>400: the request could not be read at all.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>400: decryption asked of a client-managed project.</summary>
    public const string ClientManagedKey = "client_managed_key";

    /// <summary>400: a client-key operation asked of a server-managed project.</summary>
    public const string ServerManagedKey = "server_managed_key";

    /// <summary>400: the project's key is disabled or pending deletion.</summary>
    public const string KeyUnavailable = "key_unavailable";

    /// <summary>401: no, malformed, unknown, revoked or expired token.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>403: the token lacks the ability (<c>details.required_ability</c>).</summary>
    public const string InsufficientPermissions = "insufficient_permissions";

    /// <summary>403: plain HTTP from a non-loopback client.</summary>
    public const string HttpsRequired = "https_required";

    /// <summary>403: a version older than the plan's history window.</summary>
    public const string VersionLocked = "version_locked";

    /// <summary>403: creating a project beyond the plan's limit.</summary>
    public const string PlanLimitReached = "plan_limit_reached";

    /// <summary>404: the resource does not exist or is not visible to the token.</summary>
    public const string NotFound = "not_found";

    /// <summary>405: the path exists, the method does not.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>409: the slug is already used by a sibling.</summary>
    public const string SlugTaken = "slug_taken";

    /// <summary>409: a server job is re-encrypting the project's history.</summary>
    public const string RotationInProgress = "rotation_in_progress";

    /// <summary>
    /// 409: a stored v2 blob does not authenticate at its level and key version: it was moved or altered outside Envelope.
    /// Client-managed projects meet it on this side as <see cref="EnvelopeBlobBoundElsewhereException"/>.
    /// </summary>
    public const string BlobBoundElsewhere = "blob_bound_elsewhere";

    /// <summary>409: the key state change does not apply to the key's current state.</summary>
    public const string InvalidKeyState = "invalid_key_state";

    /// <summary>410: the version's content was destroyed.</summary>
    public const string VersionDestroyed = "version_destroyed";

    /// <summary>413: the body is over the server's limit.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>415: a JSON endpoint received another content type.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>422: a field breaks a rule; <see cref="EnvelopeApiException.FieldErrors"/> lists them.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>422: a server-managed store whose blob does not decrypt under the current key.</summary>
    public const string ContentNotDecryptable = "content_not_decryptable";

    /// <summary>422: a server-managed store whose plaintext is not a valid <c>.env</c>.</summary>
    public const string InvalidDotEnv = "invalid_dotenv";

    /// <summary>422: a client-managed write without a key proof, or a project without a key check.</summary>
    public const string KeyProofRequired = "key_proof_required";

    /// <summary>422: the key proof does not match the project's key.</summary>
    public const string KeyProofMismatch = "key_proof_mismatch";

    /// <summary>422: the project's key changed while history was being re-encrypted.</summary>
    public const string KeyVersionConflict = "key_version_conflict";

    /// <summary>422: a client-key rotation did not submit exactly the project's current blobs.</summary>
    public const string SecretsMismatch = "secrets_mismatch";

    /// <summary>422: restoring a client-managed version under an old key without new content.</summary>
    public const string ContentRequiredForOldKey = "content_required_for_old_key";

    /// <summary>422: deleting or destroying the only snapshot of a deleted level without force.</summary>
    public const string VersionProtected = "version_protected";

    /// <summary>429: too many requests; <see cref="EnvelopeApiException.RetryAfter"/> says when to try again.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>500: a server bug; the server's log has the details.</summary>
    public const string InternalError = "internal_error";
}
