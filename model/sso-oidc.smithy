// IAM Identity Center's OpenID Connect service (SSO OIDC): CreateToken, written by this project
// from the public API (shape and member names, the restJson1 bindings). generated/sso-oidc is
// built from this file; config/ (smelt-config) calls it to refresh a cached SSO access token.

$version: "2"

namespace com.amazonaws.ssooidc

use aws.api#service
use aws.auth#sigv4
use aws.protocols#restJson1

/// <p>The OpenID Connect service of IAM Identity Center: registers clients and issues the access
/// tokens the SSO portal accepts.</p>
@service(sdkId: "SSO OIDC", arnNamespace: "sso-oauth", endpointPrefix: "oidc")
@sigv4(name: "sso-oauth")
@restJson1
service AWSSSOOIDCService {
    version: "2019-06-10"
    operations: [CreateToken]
}

/// <p>Issues an access token: for a device code, an authorization code, or (as the credential
/// chain uses it) a refresh token. The request is not signed; the client secret is the proof.</p>
@auth([])
@http(method: "POST", uri: "/token", code: 200)
operation CreateToken {
    input := {
        /// <p>The client ID from client registration.</p>
        @required
        clientId: String

        /// <p>The client secret from client registration.</p>
        @required
        @sensitive
        clientSecret: String

        /// <p>The OAuth grant: <code>refresh_token</code>, <code>authorization_code</code> or
        /// <code>urn:ietf:params:oauth:grant-type:device_code</code>.</p>
        @required
        grantType: String

        /// <p>The device code, for the device code grant.</p>
        deviceCode: String

        /// <p>The authorization code, for the authorization code grant.</p>
        code: String

        /// <p>The refresh token, for the refresh token grant.</p>
        @sensitive
        refreshToken: String

        /// <p>The scopes asked for.</p>
        scope: Scopes

        /// <p>The redirect URI of the authorization code grant.</p>
        redirectUri: String

        /// <p>The PKCE code verifier of the authorization code grant.</p>
        @sensitive
        codeVerifier: String
    }
    output := {
        /// <p>The access token.</p>
        @sensitive
        accessToken: String

        /// <p>The token type (<code>Bearer</code>).</p>
        tokenType: String

        /// <p>How long the access token lasts, in seconds.</p>
        expiresIn: Integer

        /// <p>A new refresh token, when the service rotates it.</p>
        @sensitive
        refreshToken: String

        /// <p>The OpenID Connect ID token, when asked for.</p>
        @sensitive
        idToken: String
    }
    errors: [
        AccessDeniedException
        AuthorizationPendingException
        ExpiredTokenException
        InternalServerException
        InvalidClientException
        InvalidGrantException
        InvalidRequestException
        InvalidScopeException
        SlowDownException
        UnauthorizedClientException
        UnsupportedGrantTypeException
    ]
}

/// <p>Scopes of a token request.</p>
list Scopes {
    member: String
}

/// <p>The caller may not do this.</p>
@error("client")
@httpError(400)
structure AccessDeniedException {
    error: String
    error_description: String
}

/// <p>The device has not been authorized yet.</p>
@error("client")
@httpError(400)
structure AuthorizationPendingException {
    error: String
    error_description: String
}

/// <p>The token or the device code has expired.</p>
@error("client")
@httpError(400)
structure ExpiredTokenException {
    error: String
    error_description: String
}

/// <p>The service failed.</p>
@error("server")
@httpError(500)
structure InternalServerException {
    error: String
    error_description: String
}

/// <p>The client ID or secret is not valid, or the registration has expired.</p>
@error("client")
@httpError(401)
structure InvalidClientException {
    error: String
    error_description: String
}

/// <p>The grant (refresh token, code) is not valid.</p>
@error("client")
@httpError(400)
structure InvalidGrantException {
    error: String
    error_description: String
}

/// <p>A parameter is missing or not valid.</p>
@error("client")
@httpError(400)
structure InvalidRequestException {
    error: String
    error_description: String
}

/// <p>A scope is not valid.</p>
@error("client")
@httpError(400)
structure InvalidScopeException {
    error: String
    error_description: String
}

/// <p>The client polls too often.</p>
@error("client")
@httpError(400)
structure SlowDownException {
    error: String
    error_description: String
}

/// <p>The client may not use this grant.</p>
@error("client")
@httpError(400)
structure UnauthorizedClientException {
    error: String
    error_description: String
}

/// <p>The grant type is not supported.</p>
@error("client")
@httpError(400)
structure UnsupportedGrantTypeException {
    error: String
    error_description: String
}
