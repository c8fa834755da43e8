//! Step 1 of the chain: static keys from the environment.

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};

use super::{ProviderConfig, invalid, not_loaded};
use crate::client::profile::Env;
use crate::client::request::check_setting;

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set,
/// `AWS_SESSION_TOKEN`. Values are trimmed (a CRLF `.env` file leaves a
/// `\r`); control characters inside them are refused, naming the variable
/// and not the value. Read again at every call, so the client's cache picks
/// up a changed value when it re-reads (every 15 minutes).
#[derive(Debug, Clone, Default)]
pub struct EnvironmentVariableCredentialsProvider {
    config: ProviderConfig,
}

impl EnvironmentVariableCredentialsProvider {
    /// Reads the environment of `config` (the process's by default).
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }
}

/// The keys in `env`; `not_loaded` when neither is set.
pub(crate) fn load(env: &Env) -> Result<Credentials, CredentialsError> {
    match (env.var("AWS_ACCESS_KEY_ID"), env.var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => {
            let token = env.var("AWS_SESSION_TOKEN");
            check_setting("AWS_ACCESS_KEY_ID", &id).map_err(invalid)?;
            check_setting("AWS_SECRET_ACCESS_KEY", &secret).map_err(invalid)?;
            if let Some(token) = &token {
                check_setting("AWS_SESSION_TOKEN", token).map_err(invalid)?;
            }
            let mut b = Credentials::builder().access_key_id(id).secret_access_key(secret).provider_name("EnvironmentVariables");
            b.set_session_token(token);
            // The account, for account-based endpoints (the SDKs' `AWS_ACCOUNT_ID`).
            if let Some(account) = env.var("AWS_ACCOUNT_ID").filter(|a| !a.trim().is_empty()) {
                check_setting("AWS_ACCOUNT_ID", &account).map_err(invalid)?;
                b = b.account_id(account.trim());
            }
            Ok(b.build())
        }
        (Some(_), None) => Err(invalid("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
        (None, Some(_)) => Err(invalid("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")),
        (None, None) => Err(not_loaded("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")),
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::ready(load(&self.config.env))
    }
}
