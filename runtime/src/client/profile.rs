//! Default region and credentials, read the way the AWS CLI and SDKs read
//! them, without aws-config (which pulls in an STS client):
//!
//! 1. environment variables: `AWS_REGION` / `AWS_DEFAULT_REGION`,
//!    `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`;
//! 2. the shared files, profile `AWS_PROFILE` (default `default`):
//!    `~/.aws/config` (or `AWS_CONFIG_FILE`) sections `[default]` and
//!    `[profile NAME]`, and `~/.aws/credentials` (or
//!    `AWS_SHARED_CREDENTIALS_FILE`) sections `[NAME]`; static keys
//!    (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) and
//!    `region`. The credentials file wins over the config file.
//!
//! SSO, `role_arn`, `credential_process`, web identity, container and
//! instance metadata credentials are out of scope: plug aws-config's provider
//! into [`Builder::credentials_provider`](super::config::Builder::credentials_provider).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};

use super::request::check_setting;

/// One profile: lower-cased key to value.
pub(crate) type Profile = BTreeMap<String, String>;

/// Which shared file a text came from: they name sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`; other sections ignored.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
    /// `~/.aws/config` again, for its `[services NAME]` sections only (the
    /// per-service settings a profile's `services = NAME` points at).
    Services,
}

/// Parses a shared config or credentials file into profiles.
///
/// The format is INI-like: `[section]` headers, `key = value` lines,
/// whole-line comments starting with `#` or `;`, inline comments after
/// whitespace (` # ...`), and indented continuation lines (sub-properties),
/// which are appended to the previous value. Lines that fit none of these
/// are skipped, as the AWS CLI does.
pub(crate) fn parse(text: &str, kind: FileKind) -> BTreeMap<String, Profile> {
    let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut last_key: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') {
            last_key = None;
            section = parse_header(trimmed, kind);
            if let Some(name) = &section {
                profiles.entry(name.clone()).or_default();
            }
            continue;
        }
        let Some(name) = &section else { continue };
        let profile = profiles.entry(name.clone()).or_default();
        if line.starts_with([' ', '\t']) {
            if let Some(key) = &last_key {
                let value = profile.entry(key.clone()).or_default();
                value.push('\n');
                value.push_str(strip_inline_comment(trimmed));
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else { continue };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            continue;
        }
        profile.insert(key.clone(), strip_inline_comment(value.trim()).to_owned());
        last_key = Some(key);
    }
    profiles
}

fn parse_header(line: &str, kind: FileKind) -> Option<String> {
    let end = line.find(']')?;
    let after = line[end + 1..].trim();
    if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
        return None;
    }
    let name = line[1..end].trim();
    let prefixed = |prefix: &str| {
        let rest = name.strip_prefix(prefix)?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let rest = rest.trim();
        (!rest.is_empty()).then(|| rest.to_owned())
    };
    match kind {
        FileKind::Credentials => (!name.is_empty()).then(|| name.to_owned()),
        FileKind::Config if name == "default" => Some(name.to_owned()),
        FileKind::Config => prefixed("profile"),
        FileKind::Services => prefixed("services"),
    }
}

/// The sub-properties of a value written as indented lines under its key
/// (`connect =` then `  endpoint_url = ...`): lower-cased key and value, in
/// order. Lines without `=` are skipped.
pub(crate) fn sub_properties(value: &str) -> impl Iterator<Item = (String, &str)> {
    value.lines().filter_map(|line| {
        let (key, value) = line.split_once('=')?;
        let key = key.trim().to_ascii_lowercase();
        (!key.is_empty()).then(|| (key, value.trim()))
    })
}

fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// Where settings come from; tests substitute a map for the process environment.
#[derive(Clone, Default)]
pub(crate) struct Env {
    vars: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// The real process environment.
    pub(crate) fn process() -> Self {
        Self { vars: None }
    }

    /// Exactly these variables; every other one is unset.
    pub(crate) fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Self { vars: Some(Arc::new(vars.into_iter().collect())) }
    }

    #[cfg(test)]
    pub(crate) fn from_map(vars: &[(&str, &str)]) -> Self {
        Self::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    /// How many variables replace the process environment (`None`: it is the process's).
    pub(crate) fn replaced(&self) -> Option<usize> {
        self.vars.as_ref().map(|m| m.len())
    }

    /// A variable, trimmed (a `.env` file with CRLF line endings leaves a
    /// `\r` at the end); `None` if unset or blank.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from)
    }

    fn path(&self, var: &str, default: &str) -> Option<PathBuf> {
        match self.var(var) {
            Some(p) => match p.strip_prefix("~/").or_else(|| p.strip_prefix("~\\")) {
                Some(rest) => self.home().map(|h| h.join(rest)),
                None => Some(PathBuf::from(p)),
            },
            None => self.home().map(|h| h.join(".aws").join(default)),
        }
    }
}

/// The selected profile of both shared files, merged.
pub(crate) struct Shared {
    /// The selected profile's name.
    pub(crate) name: String,
    /// Its keys; `None` when neither file has it.
    pub(crate) profile: Option<Profile>,
    /// The config file's `[services NAME]` sections, by name.
    pub(crate) services: BTreeMap<String, Profile>,
    /// Where the config file is (or would be), for messages.
    pub(crate) config_path: String,
    credentials_path: String,
}

pub(crate) fn load_shared(env: &Env, profile_override: Option<&str>) -> Shared {
    let name =
        profile_override.map(str::to_owned).or_else(|| env.var("AWS_PROFILE")).unwrap_or_else(|| "default".to_owned());
    let config = env.path("AWS_CONFIG_FILE", "config");
    let credentials = env.path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    let mut merged: Option<Profile> = None;
    let mut services = BTreeMap::new();
    for (path, kind) in [(&config, FileKind::Config), (&credentials, FileKind::Credentials)] {
        let Some(path) = path else { continue };
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if kind == FileKind::Config {
            services = parse(&text, FileKind::Services);
        }
        if let Some(profile) = parse(&text, kind).remove(&name) {
            merged.get_or_insert_with(Profile::new).extend(profile);
        }
    }
    let show = |p: &Option<PathBuf>, fallback: &str| {
        p.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| fallback.to_owned())
    };
    Shared {
        name,
        profile: merged,
        services,
        config_path: show(&config, "~/.aws/config"),
        credentials_path: show(&credentials, "~/.aws/credentials"),
    }
}

/// The region from the environment or the shared config file.
pub(crate) fn resolve_region(env: &Env, profile_override: Option<&str>) -> Result<String, String> {
    for var in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(region) = env.var(var) {
            check_setting(var, &region)?;
            return Ok(region);
        }
    }
    let shared = load_shared(env, profile_override);
    if let Some(region) = shared.profile.as_ref().and_then(|p| p.get("region")).filter(|r| !r.is_empty()) {
        check_setting(&format!("`region` in profile `{}` of {}", shared.name, shared.config_path), region)?;
        return Ok(region.clone());
    }
    Err(format!(
        "no region configured: set AWS_REGION or AWS_DEFAULT_REGION, a `region` in profile `{}` of {}, \
         or Config::builder().region(..)",
        shared.name, shared.config_path
    ))
}

/// Static credentials from the environment or the shared files.
pub(crate) fn resolve_credentials(env: &Env, profile_override: Option<&str>) -> Result<Credentials, String> {
    match (env.var("AWS_ACCESS_KEY_ID"), env.var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => {
            let token = env.var("AWS_SESSION_TOKEN");
            check_setting("AWS_ACCESS_KEY_ID", &id)?;
            check_setting("AWS_SECRET_ACCESS_KEY", &secret)?;
            if let Some(token) = &token {
                check_setting("AWS_SESSION_TOKEN", token)?;
            }
            return Ok(Credentials::new(id, secret, token, None, "EnvironmentVariables"));
        }
        (Some(_), None) => return Err("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".to_owned()),
        (None, Some(_)) => return Err("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".to_owned()),
        (None, None) => {}
    }
    let shared = load_shared(env, profile_override);
    let Some(profile) = &shared.profile else {
        return Err(format!(
            "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, add profile `{}` with \
             aws_access_key_id and aws_secret_access_key to {}, or use Config::builder().credentials_provider(..)",
            shared.name, shared.credentials_path
        ));
    };
    let get = |k: &str| profile.get(k).filter(|v| !v.is_empty()).cloned();
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let token = get("aws_session_token");
            let files = format!("{} or {}", shared.credentials_path, shared.config_path);
            for (key, value) in [
                ("aws_access_key_id", Some(&id)),
                ("aws_secret_access_key", Some(&secret)),
                ("aws_session_token", token.as_ref()),
            ] {
                if let Some(value) = value {
                    check_setting(&format!("`{key}` in profile `{}` of {files}", shared.name), value)?;
                }
            }
            Ok(Credentials::new(id, secret, token, None, "ProfileFile"))
        }
        (Some(_), None) | (None, Some(_)) => Err(format!(
            "profile `{}` needs both aws_access_key_id and aws_secret_access_key ({}, {})",
            shared.name, shared.credentials_path, shared.config_path
        )),
        (None, None) => {
            const UNSUPPORTED: [&str; 5] =
                ["role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"];
            if let Some(key) = UNSUPPORTED.iter().find(|k| profile.contains_key(**k)) {
                Err(format!(
                    "profile `{}` gets credentials through `{key}`, which this client does not support: \
                     pass aws-config's provider to Config::builder().credentials_provider(..)",
                    shared.name
                ))
            } else {
                Err(format!(
                    "no credentials found: profile `{}` has no aws_access_key_id/aws_secret_access_key ({}, {}); \
                     set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or use Config::builder().credentials_provider(..)",
                    shared.name, shared.credentials_path, shared.config_path
                ))
            }
        }
    }
}

/// Retry settings read from the environment or the selected profile of the
/// shared config file; `None` for each one that is not set.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RetrySettings {
    /// `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`.
    pub(crate) max_attempts: Option<u32>,
}

/// `AWS_MAX_ATTEMPTS` / `max_attempts` and `AWS_RETRY_MODE` / `retry_mode`,
/// each variable winning over its profile key, as in the AWS SDKs. The mode
/// must be `standard` or `legacy` (which this client treats as standard);
/// `adaptive` is refused as not supported yet. An invalid value is an error
/// naming where it came from.
pub(crate) fn resolve_retry(env: &Env, profile_override: Option<&str>) -> Result<RetrySettings, String> {
    let env_attempts = env.var("AWS_MAX_ATTEMPTS").map(|v| (v, "AWS_MAX_ATTEMPTS".to_owned()));
    let env_mode = env.var("AWS_RETRY_MODE").map(|v| (v, "AWS_RETRY_MODE".to_owned()));
    // The shared files are read only when a variable leaves a setting open.
    let shared = (env_attempts.is_none() || env_mode.is_none()).then(|| load_shared(env, profile_override));
    let from_profile = |key: &str| {
        let shared = shared.as_ref()?;
        let value = shared.profile.as_ref()?.get(key).filter(|v| !v.is_empty())?;
        Some((value.clone(), format!("`{key}` in profile `{}` of {}", shared.name, shared.config_path)))
    };
    if let Some((mode, source)) = env_mode.or_else(|| from_profile("retry_mode")) {
        match mode.to_ascii_lowercase().as_str() {
            "standard" | "legacy" => {}
            "adaptive" => {
                return Err(format!(
                    "{source} is `adaptive`: the adaptive retry mode (client-side rate limiting) is not supported \
                     by this client yet; use `standard`, or set Config::builder().retry_config(..)"
                ));
            }
            _ => return Err(format!("{source} is `{mode}`: expected `standard`, `legacy` or `adaptive`")),
        }
    }
    let mut settings = RetrySettings::default();
    if let Some((n, source)) = env_attempts.or_else(|| from_profile("max_attempts")) {
        match n.parse::<u32>() {
            Ok(n) if n > 0 => settings.max_attempts = Some(n),
            _ => return Err(format!("{source} is `{n}`: expected a whole number of attempts, at least 1")),
        }
    }
    Ok(settings)
}

/// The credentials provider used when none is configured: static keys from
/// the environment, then from the shared files (see the module docs of
/// [`client`](crate::client)). The first credentials found are cached.
#[derive(Clone)]
pub struct DefaultCredentialsProvider {
    env: Env,
    profile: Option<String>,
    cache: Arc<OnceLock<Credentials>>,
}

impl DefaultCredentialsProvider {
    /// Reads the process environment and profile `AWS_PROFILE` (or `default`).
    pub fn new() -> Self {
        Self::with_env(Env::process(), None)
    }

    /// Reads profile `name` instead of `AWS_PROFILE`.
    pub fn with_profile(name: impl Into<String>) -> Self {
        Self::with_env(Env::process(), Some(name.into()))
    }

    pub(crate) fn with_env(env: Env, profile: Option<String>) -> Self {
        Self { env, profile, cache: Arc::new(OnceLock::new()) }
    }

    fn load(&self) -> provider::Result {
        if let Some(c) = self.cache.get() {
            return Ok(c.clone());
        }
        let creds = resolve_credentials(&self.env, self.profile.as_deref()).map_err(CredentialsError::not_loaded)?;
        Ok(self.cache.get_or_init(|| creds).clone())
    }
}

impl Default for DefaultCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for DefaultCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsProvider").field("profile", &self.profile).finish_non_exhaustive()
    }
}

impl ProvideCredentials for DefaultCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::ready(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_whitespace() {
        let text = "\
# leading comment
; another
[default]
region = us-west-2   # inline comment
aws_access_key_id=AKID
  \t
[ profile  dev ]   ; comment after header
Region\t=\teu-west-1
s3 =
  max_concurrent_requests = 10
[sso-session corp]
sso_region = us-east-1
[notprofile]
region = nowhere
[profile]
region = nowhere
";
        let p = parse(text, FileKind::Config);
        assert_eq!(p.keys().collect::<Vec<_>>(), ["default", "dev"]);
        assert_eq!(p["default"]["region"], "us-west-2");
        assert_eq!(p["default"]["aws_access_key_id"], "AKID");
        assert_eq!(p["dev"]["region"], "eu-west-1");
        assert_eq!(p["dev"]["s3"], "\nmax_concurrent_requests = 10");
    }

    #[test]
    fn services_sections_and_their_sub_properties() {
        let text = "\
[profile dev]
services = local
[services local]
connect =
  endpoint_url = http://c:1   # comment
  Other = x
  junk
voice_id =
  endpoint_url = http://v:2
[services]
connect =
  endpoint_url = nowhere
[servicesx y]
k = v
";
        let services = parse(text, FileKind::Services);
        assert_eq!(services.keys().collect::<Vec<_>>(), ["local"]);
        let subs: Vec<_> = sub_properties(&services["local"]["connect"]).collect();
        assert_eq!(subs, [("endpoint_url".to_owned(), "http://c:1"), ("other".to_owned(), "x")]);
        assert_eq!(sub_properties(&services["local"]["voice_id"]).next(), Some(("endpoint_url".to_owned(), "http://v:2")));
        let profiles = parse(text, FileKind::Config);
        assert_eq!(profiles.keys().collect::<Vec<_>>(), ["dev"]);
        assert_eq!(profiles["dev"]["services"], "local");
    }

    #[test]
    fn credentials_file_uses_bare_names_and_keeps_hashes_inside_values() {
        let text = "[default]\r\naws_secret_access_key = abc#def\r\n[profile x]\r\nk = v\r\n[bad] trailing\nk = v\n";
        let p = parse(text, FileKind::Credentials);
        assert_eq!(p["default"]["aws_secret_access_key"], "abc#def");
        assert_eq!(p["profile x"]["k"], "v");
        assert!(!p.contains_key("bad"));
    }

    #[test]
    fn lines_outside_sections_and_without_equals_are_ignored() {
        let p = parse("k = v\n[default]\njunk\n= novalue\nx = 1\n", FileKind::Credentials);
        assert_eq!(p["default"].len(), 1);
        assert_eq!(p["default"]["x"], "1");
    }

    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("client-runtime-{tag}-{}-{}", std::process::id(), fastrand::u64(..)));
            std::fs::create_dir_all(dir.join(".aws")).unwrap();
            Self(dir)
        }
        fn write(&self, name: &str, text: &str) {
            std::fs::write(self.0.join(".aws").join(name), text).unwrap();
        }
        fn home(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn environment_wins() {
        let env = Env::from_map(&[
            ("AWS_DEFAULT_REGION", "eu-central-1"),
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
            ("HOME", "/nonexistent"),
        ]);
        assert_eq!(resolve_region(&env, None).unwrap(), "eu-central-1");
        let c = resolve_credentials(&env, None).unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));
        let env = Env::from_map(&[("AWS_REGION", "us-east-2"), ("AWS_DEFAULT_REGION", "eu-central-1")]);
        assert_eq!(resolve_region(&env, None).unwrap(), "us-east-2");
    }

    #[test]
    fn shared_files_with_profile_selection() {
        let dir = TempDir::new("profiles");
        dir.write("config", "[default]\nregion = us-west-1\n[profile dev]\nregion = ap-south-1\naws_access_key_id = FROMCONFIG\naws_secret_access_key = S0\n");
        dir.write(
            "credentials",
            "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = DEVSECRET\naws_session_token = DEVTOKEN\n",
        );
        let env = Env::from_map(&[("HOME", dir.home())]);
        assert_eq!(resolve_region(&env, None).unwrap(), "us-west-1");
        let err = resolve_credentials(&env, None).unwrap_err();
        assert!(err.contains("profile `default` has no aws_access_key_id"), "{err}");

        let env = Env::from_map(&[("HOME", dir.home()), ("AWS_PROFILE", "dev")]);
        assert_eq!(resolve_region(&env, None).unwrap(), "ap-south-1");
        let c = resolve_credentials(&env, None).unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("DEVKEY", Some("DEVTOKEN")));

        // An explicit profile name beats AWS_PROFILE.
        let env = Env::from_map(&[("HOME", dir.home()), ("AWS_PROFILE", "dev")]);
        assert_eq!(resolve_region(&env, Some("default")).unwrap(), "us-west-1");
    }

    #[test]
    fn file_locations_from_environment() {
        let dir = TempDir::new("paths");
        dir.write("other-config", "[profile p]\nregion = sa-east-1\n");
        dir.write("other-creds", "[p]\naws_access_key_id = K\naws_secret_access_key = S\n");
        let config = format!("{}/.aws/other-config", dir.home());
        let env = Env::from_map(&[
            ("HOME", dir.home()),
            ("AWS_CONFIG_FILE", &config),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/other-creds"),
            ("AWS_PROFILE", "p"),
        ]);
        assert_eq!(resolve_region(&env, None).unwrap(), "sa-east-1");
        assert_eq!(resolve_credentials(&env, None).unwrap().access_key_id(), "K");
    }

    #[test]
    fn clear_errors() {
        let env = Env::from_map(&[("HOME", "/nonexistent")]);
        let err = resolve_region(&env, None).unwrap_err();
        assert!(err.starts_with("no region configured: set AWS_REGION or AWS_DEFAULT_REGION"), "{err}");
        assert!(err.contains("Config::builder().region(..)"), "{err}");
        let err = resolve_credentials(&env, None).unwrap_err();
        assert!(err.contains("AWS_ACCESS_KEY_ID") && err.contains("credentials_provider"), "{err}");
        let env = Env::from_map(&[("AWS_ACCESS_KEY_ID", "K")]);
        assert!(resolve_credentials(&env, None).unwrap_err().contains("AWS_SECRET_ACCESS_KEY is not"));

        let dir = TempDir::new("roles");
        dir.write("config", "[profile admin]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
        let env = Env::from_map(&[("HOME", dir.home()), ("AWS_PROFILE", "admin")]);
        let err = resolve_credentials(&env, None).unwrap_err();
        assert!(err.contains("`role_arn`") && err.contains("aws-config"), "{err}");
    }

    #[test]
    fn environment_values_are_trimmed_and_control_characters_inside_are_refused() {
        let env = Env::from_map(&[
            ("AWS_REGION", "eu-west-1\r\n"),
            ("AWS_ACCESS_KEY_ID", " AKID\r"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET\r"),
            ("AWS_SESSION_TOKEN", "\tTOKEN\r\n"),
        ]);
        assert_eq!(resolve_region(&env, None).unwrap(), "eu-west-1");
        let c = resolve_credentials(&env, None).unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));

        for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            let mut vars =
                vec![("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "SECRET"), ("AWS_SESSION_TOKEN", "T")];
            for v in &mut vars {
                if v.0 == var {
                    v.1 = "AB\rCD";
                }
            }
            let err = resolve_credentials(&Env::from_map(&vars), None).unwrap_err();
            assert!(err.starts_with(&format!("{var} contains the control character U+000D")), "{err}");
            assert!(!err.contains("AB"), "the value is not echoed: {err}");
        }
        let err = resolve_region(&Env::from_map(&[("AWS_DEFAULT_REGION", "us-\u{1b}east-1")]), None).unwrap_err();
        assert!(err.starts_with("AWS_DEFAULT_REGION contains the control character U+001B"), "{err}");
    }

    #[test]
    fn control_characters_in_the_shared_files_name_the_key() {
        let dir = TempDir::new("ctl");
        dir.write("config", "[default]\r\nregion = us-east-1\u{7}\r\n");
        dir.write("credentials", "[default]\r\naws_access_key_id = AK\u{0}ID\r\naws_secret_access_key = S\r\n");
        let env = Env::from_map(&[("HOME", dir.home())]);
        let err = resolve_region(&env, None).unwrap_err();
        assert!(err.starts_with("`region` in profile `default` of ") && err.contains("U+0007"), "{err}");
        let err = resolve_credentials(&env, None).unwrap_err();
        assert!(err.starts_with("`aws_access_key_id` in profile `default` of ") && err.contains("U+0000"), "{err}");
    }

    #[test]
    fn retry_settings_from_environment_and_profile() {
        let dir = TempDir::new("retry");
        dir.write("config", "[default]\nmax_attempts = 6\nretry_mode = standard\n[profile bad]\nmax_attempts = 0\n[profile fast]\nretry_mode = adaptive\n");
        let home = dir.home();
        let settings = |vars: &[(&str, &str)], profile: Option<&str>| {
            let mut all = vec![("HOME", home)];
            all.extend_from_slice(vars);
            resolve_retry(&Env::from_map(&all), profile)
        };
        assert_eq!(settings(&[], None).unwrap().max_attempts, Some(6));
        assert_eq!(settings(&[("AWS_MAX_ATTEMPTS", "2")], None).unwrap().max_attempts, Some(2), "the variable wins");
        assert_eq!(settings(&[("AWS_RETRY_MODE", "LEGACY")], None).unwrap().max_attempts, Some(6));
        assert_eq!(settings(&[], Some("nosuch")).unwrap(), RetrySettings::default());

        let err = settings(&[], Some("bad")).unwrap_err();
        assert!(
            err.starts_with("`max_attempts` in profile `bad` of ")
                && err.ends_with("is `0`: expected a whole number of attempts, at least 1"),
            "{err}"
        );
        let err = settings(&[("AWS_MAX_ATTEMPTS", "three")], None).unwrap_err();
        assert_eq!(err, "AWS_MAX_ATTEMPTS is `three`: expected a whole number of attempts, at least 1");
        let err = settings(&[], Some("fast")).unwrap_err();
        assert!(
            err.starts_with("`retry_mode` in profile `fast` of ")
                && err.contains("is `adaptive`: the adaptive retry mode"),
            "{err}"
        );
        // The variable wins over the profile's unsupported mode.
        assert!(settings(&[("AWS_RETRY_MODE", "standard")], Some("fast")).is_ok());
        let err = settings(&[("AWS_RETRY_MODE", "turbo")], None).unwrap_err();
        assert_eq!(err, "AWS_RETRY_MODE is `turbo`: expected `standard`, `legacy` or `adaptive`");
    }

    #[test]
    fn provider_caches_and_reports() {
        let env = Env::from_map(&[("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "S")]);
        let p = DefaultCredentialsProvider::with_env(env, None);
        assert_eq!(p.load().unwrap().access_key_id(), "AKID");
        assert!(p.cache.get().is_some());
        assert!(!format!("{p:?}").contains("AKID"));
    }
}
