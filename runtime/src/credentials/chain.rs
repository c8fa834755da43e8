//! The default chain.

use std::fmt;

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};

use super::{
    ContainerCredentialsProvider, EnvironmentVariableCredentialsProvider, ImdsCredentialsProvider, ProfileFileCredentialsProvider, ProviderConfig,
    WebIdentityTokenCredentialsProvider,
};

/// The credentials provider a client uses when none is configured: the
/// environment, web identity, the profile, the container endpoint, then
/// IMDS, in the order and with the rules of the [module docs](super).
#[derive(Clone)]
pub struct DefaultCredentialsProvider {
    config: ProviderConfig,
    environment: EnvironmentVariableCredentialsProvider,
    web_identity: WebIdentityTokenCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
    container: ContainerCredentialsProvider,
    imds: ImdsCredentialsProvider,
}

impl DefaultCredentialsProvider {
    /// Reads the process environment and profile `AWS_PROFILE` (or `default`).
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::new())
    }

    /// Reads profile `name`; the environment's keys and web identity are
    /// then not used.
    pub fn with_profile(name: impl Into<String>) -> Self {
        Self::with_config(ProviderConfig::new().profile_name(name))
    }

    /// With the environment, profile, region and transport of `config`.
    pub fn with_config(config: ProviderConfig) -> Self {
        Self {
            environment: EnvironmentVariableCredentialsProvider::new(config.clone()),
            web_identity: WebIdentityTokenCredentialsProvider::new(config.clone()),
            profile: ProfileFileCredentialsProvider::new(config.clone()),
            container: ContainerCredentialsProvider::new(config.clone()),
            imds: ImdsCredentialsProvider::new(config.clone()),
            config,
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let explicit_profile = self.config.profile_name.is_some();
        let steps: [(&str, &dyn ProvideCredentials, bool); 5] = [
            ("environment", &self.environment, !explicit_profile),
            ("web identity", &self.web_identity, !explicit_profile),
            ("profile", &self.profile, true),
            ("container", &self.container, true),
            ("IMDS", &self.imds, true),
        ];
        let mut skipped = Vec::new();
        for (name, provider, used) in steps {
            if !used {
                continue;
            }
            match provider.provide_credentials().await {
                Ok(c) => {
                    tracing::debug!(source = name, "credentials loaded");
                    return Ok(c);
                }
                Err(e @ CredentialsError::CredentialsNotLoaded(_)) => {
                    let why = super::causes(&e);
                    tracing::debug!(source = name, why = %why, "no credentials from this source");
                    skipped.push(format!("{name}: {why}"));
                }
                Err(e) => return Err(e),
            }
        }
        Err(CredentialsError::not_loaded(format!(
            "no credentials found ({}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile, \
             or use Config::builder().credentials_provider(..)",
            skipped.join("; ")
        )))
    }
}

impl Default for DefaultCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for DefaultCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsProvider").field("config", &self.config).finish_non_exhaustive()
    }
}

impl ProvideCredentials for DefaultCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}
