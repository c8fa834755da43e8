//! Step 2 of the chain, and profiles with `web_identity_token_file`:
//! `AssumeRoleWithWebIdentity` with a token file (EKS IAM roles for service
//! accounts, and any OIDC identity provider).

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};

use super::{ProviderConfig, default_session_name, failed, failed_with, from_sts, invalid, not_loaded};

/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and (optional)
/// `AWS_ROLE_SESSION_NAME`: reads the token file at every call (EKS rotates
/// it) and exchanges it with STS, unsigned, for the role's credentials.
/// Neither variable set: not loaded (the chain goes on); one without the
/// other: a configuration error.
#[derive(Debug, Clone, Default)]
pub struct WebIdentityTokenCredentialsProvider {
    config: ProviderConfig,
}

impl WebIdentityTokenCredentialsProvider {
    /// Reads the environment of `config` (the process's by default).
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.config.env;
        let (file, role) = match (env.var("AWS_WEB_IDENTITY_TOKEN_FILE"), env.var("AWS_ROLE_ARN")) {
            (Some(file), Some(role)) => (file, role),
            (None, None) => return Err(not_loaded("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set")),
            (Some(_), None) => return Err(invalid("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")),
            (None, Some(_)) => return Err(not_loaded("AWS_ROLE_ARN is set without AWS_WEB_IDENTITY_TOKEN_FILE")),
        };
        let session = env.var("AWS_ROLE_SESSION_NAME").unwrap_or_else(default_session_name);
        assume_role_with_web_identity(&self.config, &file, &role, &session, "AWS_WEB_IDENTITY_TOKEN_FILE").await
    }
}

/// Reads the token in `file` (`source` says where its name came from) and
/// asks STS for `role`'s credentials.
pub(crate) async fn assume_role_with_web_identity(
    config: &ProviderConfig,
    file: &str,
    role: &str,
    session: &str,
    source: &str,
) -> Result<Credentials, CredentialsError> {
    let token = match std::fs::read_to_string(file) {
        Ok(t) => t.trim().to_owned(),
        Err(e) => return Err(failed(format!("cannot read the web identity token file {file} ({source}): {e}"))),
    };
    if token.is_empty() {
        return Err(failed(format!("the web identity token file {file} ({source}) is empty")));
    }
    let sts = super::sts::Client::from_conf(config.client_config(&config.sts_region(), None));
    let out = sts
        .assume_role_with_web_identity()
        .role_arn(role)
        .role_session_name(session)
        .web_identity_token(token)
        .send()
        .await
        .map_err(|e| failed_with(&format!("STS AssumeRoleWithWebIdentity for {role}"), &e))?;
    from_sts(out.credentials(), "STS AssumeRoleWithWebIdentity", "WebIdentityToken")
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}
