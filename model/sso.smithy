// IAM Identity Center's portal service (SSO): GetRoleCredentials, written by this project from
// the public API (shape and member names, the restJson1 bindings). generated/sso is built from
// this file; config/ (smelt-config) calls it for SSO profiles.

$version: "2"

namespace com.amazonaws.sso

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restJson1

/// <p>The portal service of IAM Identity Center: exchanges the access token of a signed-in user
/// for role credentials in one of the user's accounts.</p>
@service(sdkId: "SSO", arnNamespace: "awsssoportal", endpointPrefix: "portal.sso")
@sigv4(name: "awsssoportal")
@restJson1
service SWBPortalService {
    version: "2019-06-10"
    operations: [GetRoleCredentials]
}

/// <p>Returns short-term credentials for a role the signed-in user may use. The request is not
/// signed; the access token from the sign-in proves the caller.</p>
@auth([])
@readonly
@http(method: "GET", uri: "/federation/credentials", code: 200)
operation GetRoleCredentials {
    input := {
        /// <p>The role's name.</p>
        @required
        @httpQuery("role_name")
        roleName: String

        /// <p>The account the role belongs to.</p>
        @required
        @httpQuery("account_id")
        accountId: String

        /// <p>The access token from the sign-in (the SSO OIDC <code>CreateToken</code> answer).</p>
        @required
        @sensitive
        @httpHeader("x-amz-sso_bearer_token")
        accessToken: String
    }
    output := {
        /// <p>The credentials.</p>
        roleCredentials: RoleCredentials
    }
    errors: [
        InvalidRequestException
        UnauthorizedException
        TooManyRequestsException
        ResourceNotFoundException
    ]
}

/// <p>Role credentials.</p>
structure RoleCredentials {
    /// <p>The access key ID.</p>
    accessKeyId: String

    /// <p>The secret access key.</p>
    @sensitive
    secretAccessKey: String

    /// <p>The session token.</p>
    @sensitive
    sessionToken: String

    /// <p>When the credentials expire, in milliseconds since the Unix epoch.</p>
    expiration: Long
}

/// <p>A parameter of the request is missing or not valid.</p>
@error("client")
@httpError(400)
structure InvalidRequestException {
    message: String
}

/// <p>The access token is not valid or has expired.</p>
@error("client")
@httpError(401)
structure UnauthorizedException {
    message: String
}

/// <p>The caller sends too many requests.</p>
@error("client")
@httpError(429)
structure TooManyRequestsException {
    message: String
}

/// <p>The role or the account was not found.</p>
@error("client")
@httpError(404)
structure ResourceNotFoundException {
    message: String
}
