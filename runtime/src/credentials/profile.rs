//! Step 3 of the chain: the selected profile of the shared config and
//! credentials files, with everything a profile can name.

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};
use sha1::Digest;

use super::{ProviderConfig, default_session_name, failed, failed_with, from_sts, invalid, not_loaded};
use crate::client::profile::{Profile, SharedFiles, profile_name};
use crate::client::request::check_setting;

/// Credentials from a profile of `~/.aws/config` and `~/.aws/credentials`
/// (or `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`): the profile
/// [`ProviderConfig::profile_name`] names, else `AWS_PROFILE`'s, else
/// `default`. Both files are read at every call, so a rotated file is picked
/// up when the client's cache re-reads.
///
/// From the selected profile:
///
/// - `role_arn` assumes that role (STS `AssumeRole`, with `role_session_name`,
///   `external_id` and `duration_seconds` if set) with the credentials of its
///   `source_profile` (resolved the same way, so roles chain; a source
///   profile with static keys stops there; one that names itself uses its
///   own keys) or of its `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`). A loop is an error showing the
///   path.
/// - `web_identity_token_file` with `role_arn`: `AssumeRoleWithWebIdentity`.
/// - `sso_session` (with a `[sso-session NAME]` section giving `sso_start_url`
///   and `sso_region`) or the legacy `sso_start_url` and `sso_region`, with
///   `sso_account_id` and `sso_role_name`: the access token the AWS CLI's
///   `aws sso login` cached under `~/.aws/sso/cache`, exchanged through the
///   portal's `GetRoleCredentials`. An expired token is an error asking for
///   `aws sso login`; this crate does not refresh it.
/// - `credential_process`: runs it (see the crate docs for the format).
/// - `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`
///   (and `aws_account_id`, for account-based endpoints).
///
/// A missing `default` profile, or a profile with none of these, is "not
/// loaded" (the chain goes on); a profile chosen explicitly that does not
/// exist, or one that is configured wrong, is an error.
#[derive(Debug, Clone, Default)]
pub struct ProfileFileCredentialsProvider {
    config: ProviderConfig,
}

/// Where a chain of profiles gets its first credentials.
#[derive(Debug)]
enum Base {
    Static(Credentials),
    WebIdentity { file: String, role: String, session: String, profile: String },
    Sso(Sso),
    Process { command: String, profile: String },
    Source { source: String, profile: String },
}

#[derive(Debug)]
struct Sso {
    profile: String,
    start_url: String,
    region: String,
    account_id: String,
    role_name: String,
    /// `sso_session`'s name; `None` for the legacy keys.
    session: Option<String>,
}

/// A role to assume, from a profile with `role_arn`.
#[derive(Debug)]
struct Role {
    profile: String,
    arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<i32>,
}

impl ProfileFileCredentialsProvider {
    /// Reads the files and profile of `config` (the process environment's by default).
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.config.env;
        let files = SharedFiles::load(env).map_err(invalid)?;
        let explicit = self.config.profile_name.is_some() || env.var("AWS_PROFILE").is_some();
        let name = profile_name(env, self.config.profile_name.as_deref());
        let (base, roles) = resolve_chain(&files, &name, explicit)?;
        tracing::debug!(profile = %name, base = ?base_kind(&base), roles = roles.len(), "resolving credentials from a profile");
        let mut credentials = self.base(base).await?;
        for role in roles.iter().rev() {
            credentials = self.assume(role, credentials).await?;
        }
        Ok(credentials)
    }

    async fn base(&self, base: Base) -> Result<Credentials, CredentialsError> {
        match base {
            Base::Static(c) => Ok(c),
            Base::WebIdentity { file, role, session, profile } => {
                let source = format!("`web_identity_token_file` of profile `{profile}`");
                super::web_identity::assume_role_with_web_identity(&self.config, &file, &role, &session, &source).await
            }
            Base::Sso(sso) => self.sso(sso).await,
            Base::Process { command, profile } => super::process::run(&command, &profile).await,
            Base::Source { source, profile } => {
                let provider: Box<dyn ProvideCredentials> = match source.as_str() {
                    "Environment" => Box::new(super::EnvironmentVariableCredentialsProvider::new(self.config.clone())),
                    "Ec2InstanceMetadata" => Box::new(super::ImdsCredentialsProvider::new(self.config.clone())),
                    "EcsContainer" => Box::new(super::ContainerCredentialsProvider::new(self.config.clone())),
                    other => {
                        return Err(invalid(format!(
                            "profile `{profile}` has credential_source `{other}`: expected Environment, Ec2InstanceMetadata or EcsContainer"
                        )));
                    }
                };
                provider
                    .provide_credentials()
                    .await
                    .map_err(|e| failed_with(&format!("the credential_source `{source}` of profile `{profile}` gave no credentials"), &e))
            }
        }
    }

    async fn assume(&self, role: &Role, with: Credentials) -> Result<Credentials, CredentialsError> {
        let sts = super::sts::Client::from_conf(self.config.client_config(&self.config.sts_region(), Some(with)));
        let session = role.session_name.clone().unwrap_or_else(default_session_name);
        let out = sts
            .assume_role()
            .role_arn(&role.arn)
            .role_session_name(session)
            .set_external_id(role.external_id.clone())
            .set_duration_seconds(role.duration_seconds)
            .send()
            .await
            .map_err(|e| failed_with(&format!("STS AssumeRole for {} (profile `{}`)", role.arn, role.profile), &e))?;
        from_sts(out.credentials(), "STS AssumeRole", "AssumeRoleProvider")
    }

    async fn sso(&self, sso: Sso) -> Result<Credentials, CredentialsError> {
        let key = sso.session.as_deref().unwrap_or(&sso.start_url);
        let digest = sha1::Sha1::digest(key.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let home = self.config.env.home().ok_or_else(|| invalid("HOME is not set, so the SSO token cache cannot be found"))?;
        let path = home.join(".aws").join("sso").join("cache").join(format!("{hex}.json"));
        let login = match &sso.session {
            Some(s) => format!("aws sso login --sso-session {s}"),
            None => format!("aws sso login --profile {}", sso.profile),
        };
        let text = std::fs::read(&path).map_err(|e| {
            failed(format!("profile `{}` uses IAM Identity Center but its token cache {} cannot be read ({e}); run `{login}`", sso.profile, path.display()))
        })?;
        let (token, expires) = read_token(&text).map_err(|why| failed(format!("the SSO token cache {} {why}; run `{login}`", path.display())))?;
        if expires <= std::time::SystemTime::now() {
            return Err(failed(format!("the IAM Identity Center session of profile `{}` has expired; run `{login}`", sso.profile)));
        }
        let client = super::sso::Client::from_conf(self.config.client_config(&sso.region, None));
        let out = client
            .get_role_credentials()
            .role_name(&sso.role_name)
            .account_id(&sso.account_id)
            .access_token(token)
            .send()
            .await
            .map_err(|e| failed_with(&format!("SSO GetRoleCredentials for role {} in account {}", sso.role_name, sso.account_id), &e))?;
        let c = out.role_credentials().ok_or_else(|| failed("SSO GetRoleCredentials answered without roleCredentials"))?;
        let (Some(id), Some(secret)) = (c.access_key_id(), c.secret_access_key()) else {
            return Err(failed("SSO GetRoleCredentials answered without an access key"));
        };
        let expiry = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_millis(c.expiration().max(0) as u64));
        Ok(Credentials::new(id, secret, c.session_token().map(str::to_owned), expiry, "SSO"))
    }
}

/// `accessToken` and `expiresAt` of a cached SSO token.
fn read_token(text: &[u8]) -> Result<(String, std::time::SystemTime), String> {
    let (mut token, mut expires) = (None, None);
    crate::protocol::json::JsonReader::body_object(text, |key, r| {
        match key {
            "accessToken" => token = Some(r.string()?.into_owned()),
            "expiresAt" => expires = Some(r.string()?.into_owned()),
            _ => r.skip_value()?,
        }
        Ok(())
    })
    .map_err(|e| format!("is not a JSON object ({})", e.message()))?;
    let token = token.filter(|t| !t.is_empty()).ok_or("has no accessToken")?;
    check_setting("the cached SSO access token", &token)?;
    let expires = expires.ok_or("has no expiresAt")?;
    // The AWS CLI v1 wrote `...UTC` instead of `Z`.
    let normalized = match expires.strip_suffix("UTC") {
        Some(rest) => format!("{rest}Z"),
        None => expires.clone(),
    };
    let expires = super::parse_time(&normalized).ok_or_else(|| format!("has an expiresAt that is not a time: `{expires}`"))?;
    Ok((token, expires))
}

fn base_kind(base: &Base) -> &'static str {
    match base {
        Base::Static(_) => "static keys",
        Base::WebIdentity { .. } => "web identity",
        Base::Sso(_) => "IAM Identity Center",
        Base::Process { .. } => "credential_process",
        Base::Source { .. } => "credential_source",
    }
}

fn get<'a>(p: &'a Profile, key: &str) -> Option<&'a str> {
    p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Static keys of profile `name`: `Ok(None)` if it has neither key.
fn static_keys(p: &Profile, name: &str, files: &SharedFiles) -> Result<Option<Credentials>, CredentialsError> {
    match (get(p, "aws_access_key_id"), get(p, "aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let token = get(p, "aws_session_token");
            for (key, value) in [("aws_access_key_id", Some(id)), ("aws_secret_access_key", Some(secret)), ("aws_session_token", token)] {
                if let Some(value) = value {
                    check_setting(&format!("`{key}` in profile `{name}` of {}", files.paths()), value).map_err(invalid)?;
                }
            }
            let mut b = Credentials::builder().access_key_id(id).secret_access_key(secret).provider_name("ProfileFile");
            b.set_session_token(token.map(str::to_owned));
            // The account, for account-based endpoints (the SDKs' `aws_account_id`).
            if let Some(account) = get(p, "aws_account_id") {
                check_setting(&format!("`aws_account_id` in profile `{name}` of {}", files.paths()), account).map_err(invalid)?;
                b = b.account_id(account);
            }
            Ok(Some(b.build()))
        }
        (None, None) => Ok(None),
        _ => Err(invalid(format!("profile `{name}` needs both aws_access_key_id and aws_secret_access_key ({})", files.paths()))),
    }
}

/// Walks from profile `selected` to where its credentials come from;
/// returns that and the roles to assume, last one first.
fn resolve_chain(files: &SharedFiles, selected: &str, explicit: bool) -> Result<(Base, Vec<Role>), CredentialsError> {
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = selected.to_owned();
    loop {
        let Some(profile) = files.profile(&name) else {
            return Err(match visited.last() {
                None if explicit => invalid(format!(
                    "the profile `{name}` is not in {}; add it, select another with AWS_PROFILE, \
                     or use Config::builder().credentials_provider(..)",
                    files.paths()
                )),
                None => not_loaded(format!("no profile `{name}` in {}", files.paths())),
                Some(from) => invalid(format!("profile `{from}` names source_profile `{name}`, which is not in {}", files.paths())),
            });
        };
        if visited.contains(&name) {
            visited.push(name);
            return Err(invalid(format!("the profiles' source_profile settings form a loop: {}", visited.join(" -> "))));
        }
        visited.push(name.clone());
        if visited.len() > 1
            && let Some(c) = static_keys(&profile, &name, files)?
        {
            return Ok((Base::Static(c), roles));
        }
        if let Some(file) = get(&profile, "web_identity_token_file") {
            let role = get(&profile, "role_arn").ok_or_else(|| invalid(format!("profile `{name}` has web_identity_token_file but no role_arn")))?;
            let session = get(&profile, "role_session_name").map(str::to_owned).unwrap_or_else(default_session_name);
            return Ok((Base::WebIdentity { file: file.to_owned(), role: role.to_owned(), session, profile: name }, roles));
        }
        let Some(arn) = get(&profile, "role_arn") else {
            let base = base_of(files, &profile, &name)?;
            return match base {
                Some(b) => Ok((b, roles)),
                None if visited.len() == 1 => Err(not_loaded(format!(
                    "profile `{name}` has no credentials ({}): no role_arn, web identity, SSO, credential_process or keys",
                    files.paths()
                ))),
                None => Err(invalid(format!(
                    "profile `{name}`, a source_profile of `{}`, has no credentials: no role_arn, web identity, SSO, credential_process or keys",
                    visited[visited.len() - 2]
                ))),
            };
        };
        if get(&profile, "mfa_serial").is_some() {
            return Err(invalid(format!(
                "profile `{name}` asks for an MFA code (mfa_serial), which a library cannot prompt for; use credentials from `aws sts get-session-token` instead"
            )));
        }
        let duration_seconds = match get(&profile, "duration_seconds") {
            Some(d) => Some(
                d.parse::<i32>()
                    .ok()
                    .filter(|d| *d >= 900)
                    .ok_or_else(|| invalid(format!("profile `{name}` has duration_seconds `{d}`: expected a whole number of seconds, at least 900")))?,
            ),
            None => None,
        };
        roles.push(Role {
            profile: name.clone(),
            arn: arn.to_owned(),
            session_name: get(&profile, "role_session_name").map(str::to_owned),
            external_id: get(&profile, "external_id").map(str::to_owned),
            duration_seconds,
        });
        match (get(&profile, "source_profile"), get(&profile, "credential_source")) {
            (Some(_), Some(_)) => {
                return Err(invalid(format!("profile `{name}` has both source_profile and credential_source; keep one")));
            }
            (None, None) => {
                return Err(invalid(format!("profile `{name}` has role_arn but neither source_profile nor credential_source")));
            }
            (Some(source), None) if source == name => {
                let keys = static_keys(&profile, &name, files)?
                    .ok_or_else(|| invalid(format!("profile `{name}` is its own source_profile but has no aws_access_key_id")))?;
                return Ok((Base::Static(keys), roles));
            }
            (Some(source), None) => name = source.to_owned(),
            (None, Some(source)) => return Ok((Base::Source { source: source.to_owned(), profile: name }, roles)),
        }
    }
}

/// What a profile without `role_arn` gets credentials from, in the Rust
/// SDK's order; `None` if nothing.
fn base_of(files: &SharedFiles, p: &Profile, name: &str) -> Result<Option<Base>, CredentialsError> {
    if let Some(sso) = sso_of(files, p, name)? {
        return Ok(Some(Base::Sso(sso)));
    }
    if let Some(command) = get(p, "credential_process") {
        return Ok(Some(Base::Process { command: command.to_owned(), profile: name.to_owned() }));
    }
    Ok(static_keys(p, name, files)?.map(Base::Static))
}

fn sso_of(files: &SharedFiles, p: &Profile, name: &str) -> Result<Option<Sso>, CredentialsError> {
    let need = |key: &str| get(p, key).map(str::to_owned).ok_or_else(|| invalid(format!("profile `{name}` uses IAM Identity Center but has no `{key}`")));
    if let Some(session) = get(p, "sso_session") {
        let Some(section) = files.config.sso_sessions.get(session) else {
            return Err(invalid(format!("profile `{name}` names sso_session `{session}`, but there is no [sso-session {session}] in {}", files.config_path)));
        };
        let from_session = |key: &str| {
            let value = get(section, key).ok_or_else(|| invalid(format!("[sso-session {session}] has no `{key}`")))?;
            if get(p, key).is_some_and(|own| own != value) {
                return Err(invalid(format!("profile `{name}` sets `{key}` to another value than its [sso-session {session}]")));
            }
            Ok(value.to_owned())
        };
        return Ok(Some(Sso {
            profile: name.to_owned(),
            start_url: from_session("sso_start_url")?,
            region: from_session("sso_region")?,
            account_id: need("sso_account_id")?,
            role_name: need("sso_role_name")?,
            session: Some(session.to_owned()),
        }));
    }
    if get(p, "sso_start_url").is_none() && get(p, "sso_account_id").is_none() {
        return Ok(None);
    }
    Ok(Some(Sso {
        profile: name.to_owned(),
        start_url: need("sso_start_url")?,
        region: need("sso_region")?,
        account_id: need("sso_account_id")?,
        role_name: need("sso_role_name")?,
        session: None,
    }))
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}
