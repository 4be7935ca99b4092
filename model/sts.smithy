// AWS Security Token Service: the three operations the credential chain and its tests use,
// written by this project from the public API (shape and member names, the awsQuery protocol
// and its error codes). generated/sts is built from this file; config/ (smelt-config) calls
// it for `role_arn` profiles and web identity tokens.

$version: "2"

namespace com.amazonaws.sts

use aws.api#service
use aws.auth#sigv4
use aws.protocols#awsQuery
use aws.protocols#awsQueryError

// The error structures' `message` member is the `Message` element of the awsQuery error
// document.

/// <p>The Security Token Service issues temporary credentials: for a role assumed by a caller
/// that already has credentials (<code>AssumeRole</code>), for a role assumed with a token from
/// an OpenID Connect provider (<code>AssumeRoleWithWebIdentity</code>), and it tells a caller
/// who it is (<code>GetCallerIdentity</code>).</p>
@service(sdkId: "STS", arnNamespace: "sts", endpointPrefix: "sts")
@sigv4(name: "sts")
@awsQuery
@xmlNamespace(uri: "https://sts.amazonaws.com/doc/2011-06-15/")
service AWSSecurityTokenServiceV20110615 {
    version: "2011-06-15"
    operations: [AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity]
}

/// <p>Returns temporary credentials for a role. The request is signed with the caller's
/// credentials; the role's trust policy decides whether the caller may assume it.</p>
operation AssumeRole {
    input := {
        /// <p>The ARN of the role to assume.</p>
        @required
        @length(min: 20, max: 2048)
        RoleArn: String

        /// <p>A name for this session; it appears in the assumed-role ARN and in CloudTrail.</p>
        @required
        @length(min: 2, max: 64)
        RoleSessionName: String

        /// <p>An inline session policy (JSON) that narrows the role's permissions.</p>
        Policy: String

        /// <p>How long the credentials last, in seconds (900 up to the role's maximum).</p>
        @range(min: 900, max: 43200)
        DurationSeconds: Integer

        /// <p>The identifier a third party asks for in the role's trust policy.</p>
        @length(min: 2, max: 1224)
        ExternalId: String

        /// <p>The MFA device's serial number or ARN, when the trust policy asks for MFA.</p>
        SerialNumber: String

        /// <p>The code the MFA device shows.</p>
        TokenCode: String

        /// <p>The source identity to keep on the session.</p>
        SourceIdentity: String
    }
    output := {
        /// <p>The temporary credentials.</p>
        Credentials: Credentials

        /// <p>The assumed-role user: its ID and ARN.</p>
        AssumedRoleUser: AssumedRoleUser

        /// <p>How full the packed session policies and tags are, in percent of the limit.</p>
        PackedPolicySize: Integer

        /// <p>The source identity of the session.</p>
        SourceIdentity: String
    }
    errors: [
        MalformedPolicyDocumentException
        PackedPolicyTooLargeException
        RegionDisabledException
        ExpiredTokenException
    ]
}

/// <p>Returns temporary credentials for a role in exchange for a token an OpenID Connect
/// provider issued (an EKS service account token, for example). The request is not signed:
/// the token is the proof.</p>
@auth([])
operation AssumeRoleWithWebIdentity {
    input := {
        /// <p>The ARN of the role to assume.</p>
        @required
        @length(min: 20, max: 2048)
        RoleArn: String

        /// <p>A name for this session.</p>
        @required
        @length(min: 2, max: 64)
        RoleSessionName: String

        /// <p>The token from the identity provider.</p>
        @required
        @sensitive
        @length(min: 4, max: 20000)
        WebIdentityToken: String

        /// <p>The OAuth 2.0 provider's domain, for access tokens (not OpenID Connect ID tokens).</p>
        ProviderId: String

        /// <p>An inline session policy (JSON).</p>
        Policy: String

        /// <p>How long the credentials last, in seconds.</p>
        @range(min: 900, max: 43200)
        DurationSeconds: Integer
    }
    output := {
        /// <p>The temporary credentials.</p>
        Credentials: Credentials

        /// <p>The subject the identity provider named in the token.</p>
        SubjectFromWebIdentityToken: String

        /// <p>The assumed-role user: its ID and ARN.</p>
        AssumedRoleUser: AssumedRoleUser

        /// <p>How full the packed session policies and tags are, in percent of the limit.</p>
        PackedPolicySize: Integer

        /// <p>The issuer of the token.</p>
        Provider: String

        /// <p>The audience of the token.</p>
        Audience: String

        /// <p>The source identity of the session.</p>
        SourceIdentity: String
    }
    errors: [
        MalformedPolicyDocumentException
        PackedPolicyTooLargeException
        IDPRejectClaimException
        IDPCommunicationErrorException
        InvalidIdentityTokenException
        ExpiredTokenException
        RegionDisabledException
    ]
}

/// <p>Returns the account, user ID and ARN of the credentials that signed the request.</p>
operation GetCallerIdentity {
    input := {}
    output := {
        /// <p>The unique identifier of the caller.</p>
        UserId: String

        /// <p>The account that owns the caller.</p>
        Account: String

        /// <p>The caller's ARN.</p>
        Arn: String
    }
}

/// <p>Temporary security credentials.</p>
structure Credentials {
    /// <p>The access key ID.</p>
    @required
    AccessKeyId: String

    /// <p>The secret access key.</p>
    @required
    @sensitive
    SecretAccessKey: String

    /// <p>The session token, sent with every request signed by these credentials.</p>
    @required
    @sensitive
    SessionToken: String

    /// <p>When the credentials expire.</p>
    @required
    Expiration: Timestamp
}

/// <p>The identity of an assumed role session.</p>
structure AssumedRoleUser {
    /// <p>The role ID and the session name, joined by a colon.</p>
    @required
    AssumedRoleId: String

    /// <p>The ARN of the assumed-role session.</p>
    @required
    Arn: String
}

/// <p>The session policy is not valid JSON or not a valid policy.</p>
@error("client")
@awsQueryError(code: "MalformedPolicyDocument", httpResponseCode: 400)
structure MalformedPolicyDocumentException {
    @xmlName("Message")
    message: String
}

/// <p>The session policies and tags are too large once packed.</p>
@error("client")
@awsQueryError(code: "PackedPolicyTooLarge", httpResponseCode: 400)
structure PackedPolicyTooLargeException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}

/// <p>STS is not activated in the requested region for this account.</p>
@error("client")
@awsQueryError(code: "RegionDisabledException", httpResponseCode: 403)
structure RegionDisabledException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}

/// <p>The token or the credentials used have expired.</p>
@error("client")
@awsQueryError(code: "ExpiredTokenException", httpResponseCode: 400)
structure ExpiredTokenException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}

/// <p>The identity provider rejected a claim of the token.</p>
@error("client")
@awsQueryError(code: "IDPRejectClaim", httpResponseCode: 403)
structure IDPRejectClaimException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}

/// <p>STS could not reach the identity provider to validate the token.</p>
@error("client")
@awsQueryError(code: "IDPCommunicationError", httpResponseCode: 400)
structure IDPCommunicationErrorException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}

/// <p>The web identity token is not valid: malformed, not signed by the provider, or for
/// another audience.</p>
@error("client")
@awsQueryError(code: "InvalidIdentityToken", httpResponseCode: 400)
structure InvalidIdentityTokenException {
    /// <p>What went wrong.</p>
    @xmlName("Message")
    message: String
}
