//! The shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`) and the environment: the parser, profile
//! selection, and the region and retry settings read from them. Credentials
//! are resolved in [`crate::credentials`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::request::check_setting;

/// One profile: lower-cased key to value.
pub(crate) type Profile = BTreeMap<String, String>;

/// Which shared file a text came from: they name sections differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`,
    /// `[services NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// The sections of one shared file.
#[derive(Debug, Default)]
pub(crate) struct Sections {
    /// Profiles by name.
    pub(crate) profiles: BTreeMap<String, Profile>,
    /// `[sso-session NAME]` sections (config file only).
    pub(crate) sso_sessions: BTreeMap<String, Profile>,
    /// `[services NAME]` sections (config file only): the per-service
    /// settings a profile's `services = NAME` points at.
    pub(crate) services: BTreeMap<String, Profile>,
    /// Lines that were skipped, each as `file:line: why`.
    pub(crate) warnings: Vec<String>,
}

/// Where the lines after a section header go.
enum Section {
    /// Before any header, or after a malformed one: lines are skipped.
    None,
    /// A section that is read: (kind, name).
    Named(SectionKind, String),
    /// A well-formed header this file does not use: lines are skipped quietly.
    Ignored,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Profile,
    /// `[default]` in the config file, which `[profile default]` overrides.
    BareDefault,
    SsoSession,
    Services,
}

/// Parses a shared config or credentials file (`file` names it in
/// warnings), in the format of the AWS SDKs and Tools reference guide:
/// `[section]` headers, `key = value` lines, whole-line comments starting
/// with `#` or `;`, inline comments after whitespace (` # ...`), and
/// indented lines under a property, appended to its value (continuations,
/// or the sub-properties of a key with an empty value). Keys are
/// lower-cased, values trimmed. A line that fits none of these is skipped
/// with a warning naming the file and line, as is a config-file section that
/// is not `default`, `profile NAME`, `sso-session NAME` or `services NAME`.
/// When the config file has both `[default]` and `[profile default]`, the
/// latter wins.
pub(crate) fn parse(text: &str, kind: FileKind, file: &str) -> Sections {
    let mut out = Sections::default();
    let mut bare_default: Option<Profile> = None;
    let mut section = Section::None;
    let mut last_key: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let warn = |out: &mut Sections, why: &str| out.warnings.push(format!("{file}:{}: {why}", i + 1));
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') {
            last_key = None;
            section = match parse_header(trimmed, kind) {
                Ok(Some((k, name))) => Section::Named(k, name),
                Ok(None) => Section::Ignored,
                Err(why) => {
                    warn(&mut out, &why);
                    Section::None
                }
            };
            if let Section::Named(k, name) = &section {
                target(&mut out, &mut bare_default, *k, name);
            }
            continue;
        }
        let (k, name) = match &section {
            Section::Named(k, name) => (*k, name.clone()),
            Section::Ignored => continue,
            Section::None => {
                warn(&mut out, "a line outside any section is skipped");
                continue;
            }
        };
        let props = target(&mut out, &mut bare_default, k, &name);
        if line.starts_with([' ', '\t']) {
            match &last_key {
                Some(key) => {
                    let value = props.entry(key.clone()).or_default();
                    value.push('\n');
                    value.push_str(strip_inline_comment(trimmed));
                }
                None => warn(&mut out, "an indented line that continues no property is skipped"),
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            warn(&mut out, "expected `key = value`; the line is skipped");
            last_key = None;
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            warn(&mut out, "a property without a name is skipped");
            last_key = None;
            continue;
        }
        props.insert(key.clone(), strip_inline_comment(value.trim()).to_owned());
        last_key = Some(key);
    }
    if let Some(bare) = bare_default {
        if out.profiles.contains_key("default") {
            out.warnings.push(format!("{file}: both [default] and [profile default] are present; [profile default] is used"));
        } else {
            out.profiles.insert("default".to_owned(), bare);
        }
    }
    out
}

/// The map a section's properties go into.
fn target<'a>(out: &'a mut Sections, bare_default: &'a mut Option<Profile>, kind: SectionKind, name: &str) -> &'a mut Profile {
    match kind {
        SectionKind::Profile => out.profiles.entry(name.to_owned()).or_default(),
        SectionKind::BareDefault => bare_default.get_or_insert_with(Profile::new),
        SectionKind::SsoSession => out.sso_sessions.entry(name.to_owned()).or_default(),
        SectionKind::Services => out.services.entry(name.to_owned()).or_default(),
    }
}

/// A section header: `Ok(Some)` for a section this file uses, `Ok(None)`
/// for one it ignores quietly, `Err` for a malformed one.
fn parse_header(line: &str, kind: FileKind) -> Result<Option<(SectionKind, String)>, String> {
    let Some(end) = line.find(']') else { return Err("a section header without `]` is skipped, with its properties".to_owned()) };
    let after = line[end + 1..].trim();
    if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
        // Not shown: a lost line break can put a key's value there.
        return Err("unexpected text after the section header; the section is skipped".to_owned());
    }
    let name = line[1..end].trim();
    if name.is_empty() {
        return Err("a section without a name is skipped".to_owned());
    }
    if kind == FileKind::Credentials {
        return Ok(Some((SectionKind::Profile, name.to_owned())));
    }
    if name == "default" {
        return Ok(Some((SectionKind::BareDefault, name.to_owned())));
    }
    for (prefix, k) in [("profile", SectionKind::Profile), ("sso-session", SectionKind::SsoSession), ("services", SectionKind::Services)] {
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let rest = rest.trim();
        if rest.is_empty() || rest.contains(char::is_whitespace) {
            return Err(format!("[{name}] is not a valid section name; the section is skipped"));
        }
        return Ok(Some((k, rest.to_owned())));
    }
    if name == "profile" || name == "sso-session" || name == "services" {
        return Err(format!("[{name}] has no name; the section is skipped"));
    }
    Err(format!("[{name}] is not a profile in the config file (write [profile {name}]); the section is skipped"))
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

    pub(crate) fn home(&self) -> Option<PathBuf> {
        self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from)
    }

    pub(crate) fn path(&self, var: &str, default: &str) -> Option<PathBuf> {
        match self.var(var) {
            Some(p) => match p.strip_prefix("~/").or_else(|| p.strip_prefix("~\\")) {
                Some(rest) => self.home().map(|h| h.join(rest)),
                None => Some(PathBuf::from(p)),
            },
            None => self.home().map(|h| h.join(".aws").join(default)),
        }
    }
}

/// Both shared files, parsed.
#[derive(Debug, Default)]
pub(crate) struct SharedFiles {
    /// `~/.aws/config` (or `AWS_CONFIG_FILE`).
    pub(crate) config: Sections,
    /// `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`).
    pub(crate) credentials: Sections,
    /// Where the config file is (or would be), for messages.
    pub(crate) config_path: String,
    /// Where the credentials file is (or would be), for messages.
    pub(crate) credentials_path: String,
}

impl SharedFiles {
    /// Reads both files. A file that does not exist is empty; one that
    /// exists but cannot be read (permissions, a directory, not UTF-8) is an
    /// error naming it. Skipped lines are logged as warnings.
    pub(crate) fn load(env: &Env) -> Result<Self, String> {
        let show = |p: &Option<PathBuf>, fallback: &str| p.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| fallback.to_owned());
        let config = env.path("AWS_CONFIG_FILE", "config");
        let credentials = env.path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        let mut files =
            SharedFiles { config_path: show(&config, "~/.aws/config"), credentials_path: show(&credentials, "~/.aws/credentials"), ..Default::default() };
        for (path, kind) in [(&config, FileKind::Config), (&credentials, FileKind::Credentials)] {
            let Some(path) = path else { continue };
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(format!(
                        "cannot read the shared {} file {}: {e}",
                        if kind == FileKind::Config { "config" } else { "credentials" },
                        path.display()
                    ));
                }
            };
            let sections = parse(&text, kind, &path.display().to_string());
            for w in &sections.warnings {
                tracing::warn!("{w}");
            }
            match kind {
                FileKind::Config => files.config = sections,
                FileKind::Credentials => files.credentials = sections,
            }
        }
        Ok(files)
    }

    /// Profile `name` of both files merged, the credentials file's keys
    /// winning; `None` when neither file has it.
    pub(crate) fn profile(&self, name: &str) -> Option<Profile> {
        let (a, b) = (self.config.profiles.get(name), self.credentials.profiles.get(name));
        if a.is_none() && b.is_none() {
            return None;
        }
        let mut merged = a.cloned().unwrap_or_default();
        merged.extend(b.cloned().unwrap_or_default());
        Some(merged)
    }

    /// Both files' paths, for messages.
    pub(crate) fn paths(&self) -> String {
        format!("{} or {}", self.credentials_path, self.config_path)
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
}

/// The name of the selected profile: the builder's, else `AWS_PROFILE`, else `default`.
pub(crate) fn profile_name(env: &Env, profile_override: Option<&str>) -> String {
    profile_override.map(str::to_owned).or_else(|| env.var("AWS_PROFILE")).unwrap_or_else(|| "default".to_owned())
}

pub(crate) fn load_shared(env: &Env, profile_override: Option<&str>) -> Result<Shared, String> {
    let name = profile_name(env, profile_override);
    let files = SharedFiles::load(env)?;
    Ok(Shared { profile: files.profile(&name), name, services: files.config.services, config_path: files.config_path })
}

/// The region from the environment or the shared config file.
pub(crate) fn resolve_region(env: &Env, profile_override: Option<&str>) -> Result<String, String> {
    for var in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(region) = env.var(var) {
            check_setting(var, &region)?;
            return Ok(region);
        }
    }
    let shared = load_shared(env, profile_override)?;
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

/// Retry settings read from the environment or the selected profile of the
/// shared config file; `None` for each one that is not set.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RetrySettings {
    /// `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`.
    pub(crate) max_attempts: Option<u32>,
    /// `AWS_RETRY_MODE`, else the profile's `retry_mode`.
    pub(crate) mode: Option<super::RetryMode>,
}

/// `AWS_MAX_ATTEMPTS` / `max_attempts` and `AWS_RETRY_MODE` / `retry_mode`,
/// each variable winning over its profile key, as in the AWS SDKs. The mode
/// is `standard`, `legacy` (which this client treats as standard) or
/// `adaptive`. An invalid value is an error naming where it came from.
pub(crate) fn resolve_retry(env: &Env, profile_override: Option<&str>) -> Result<RetrySettings, String> {
    let env_attempts = env.var("AWS_MAX_ATTEMPTS").map(|v| (v, "AWS_MAX_ATTEMPTS".to_owned()));
    let env_mode = env.var("AWS_RETRY_MODE").map(|v| (v, "AWS_RETRY_MODE".to_owned()));
    // The shared files are read only when a variable leaves a setting open.
    let shared = (env_attempts.is_none() || env_mode.is_none()).then(|| load_shared(env, profile_override)).transpose()?;
    let from_profile = |key: &str| {
        let shared = shared.as_ref()?;
        let value = shared.profile.as_ref()?.get(key).filter(|v| !v.is_empty())?;
        Some((value.clone(), format!("`{key}` in profile `{}` of {}", shared.name, shared.config_path)))
    };
    let mut settings = RetrySettings::default();
    if let Some((mode, source)) = env_mode.or_else(|| from_profile("retry_mode")) {
        settings.mode = Some(match mode.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => super::RetryMode::Standard,
            "adaptive" => super::RetryMode::Adaptive,
            _ => return Err(format!("{source} is `{mode}`: expected `standard`, `legacy` or `adaptive`")),
        });
    }
    if let Some((n, source)) = env_attempts.or_else(|| from_profile("max_attempts")) {
        match n.parse::<u32>() {
            Ok(n) if n > 0 => settings.max_attempts = Some(n),
            _ => return Err(format!("{source} is `{n}`: expected a whole number of attempts, at least 1")),
        }
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;

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
        let p = parse(text, FileKind::Config, "config").profiles;
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
        let services = parse(text, FileKind::Config, "config").services;
        assert_eq!(services.keys().collect::<Vec<_>>(), ["local"]);
        let subs: Vec<_> = sub_properties(&services["local"]["connect"]).collect();
        assert_eq!(subs, [("endpoint_url".to_owned(), "http://c:1"), ("other".to_owned(), "x")]);
        assert_eq!(sub_properties(&services["local"]["voice_id"]).next(), Some(("endpoint_url".to_owned(), "http://v:2")));
        let profiles = parse(text, FileKind::Config, "config").profiles;
        assert_eq!(profiles.keys().collect::<Vec<_>>(), ["dev"]);
        assert_eq!(profiles["dev"]["services"], "local");
    }

    #[test]
    fn credentials_file_uses_bare_names_and_keeps_hashes_inside_values() {
        let text = "[default]\r\naws_secret_access_key = abc#def\r\n[profile x]\r\nk = v\r\n[bad] trailing\nk = v\n";
        let p = parse(text, FileKind::Credentials, "credentials").profiles;
        assert_eq!(p["default"]["aws_secret_access_key"], "abc#def");
        assert_eq!(p["profile x"]["k"], "v");
        assert!(!p.contains_key("bad"));
    }

    #[test]
    fn lines_outside_sections_and_without_equals_are_ignored() {
        let p = parse("k = v\n[default]\njunk\n= novalue\nx = 1\n", FileKind::Credentials, "credentials").profiles;
        assert_eq!(p["default"].len(), 1);
        assert_eq!(p["default"]["x"], "1");
    }

    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("client-runtime-{tag}-{}-{}", std::process::id(), fastrand::u64(..)));
            std::fs::create_dir_all(dir.join(".aws")).unwrap();
            Self(dir)
        }
        fn write(&self, name: &str, text: &str) {
            std::fs::write(self.0.join(".aws").join(name), text).unwrap();
        }
        pub(crate) fn home(&self) -> &str {
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
        let c = creds(&env).unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));
        let env = Env::from_map(&[("AWS_REGION", "us-east-2"), ("AWS_DEFAULT_REGION", "eu-central-1")]);
        assert_eq!(resolve_region(&env, None).unwrap(), "us-east-2");
    }

    #[test]
    fn shared_files_with_profile_selection() {
        let dir = TempDir::new("profiles");
        dir.write("config", "[default]\nregion = us-west-1\n[profile dev]\nregion = ap-south-1\naws_access_key_id = FROMCONFIG\naws_secret_access_key = S0\n");
        dir.write("credentials", "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = DEVSECRET\naws_session_token = DEVTOKEN\n");
        let env = Env::from_map(&[("HOME", dir.home())]);
        assert_eq!(resolve_region(&env, None).unwrap(), "us-west-1");
        let err = creds(&env).unwrap_err();
        assert!(err.contains("profile `default` has no credentials"), "{err}");

        let env = Env::from_map(&[("HOME", dir.home()), ("AWS_PROFILE", "dev")]);
        assert_eq!(resolve_region(&env, None).unwrap(), "ap-south-1");
        let c = creds(&env).unwrap();
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
        let env =
            Env::from_map(&[("HOME", dir.home()), ("AWS_CONFIG_FILE", &config), ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/other-creds"), ("AWS_PROFILE", "p")]);
        assert_eq!(resolve_region(&env, None).unwrap(), "sa-east-1");
        assert_eq!(creds(&env).unwrap().access_key_id(), "K");
    }

    #[test]
    fn clear_errors() {
        let env = Env::from_map(&[("HOME", "/nonexistent")]);
        let err = resolve_region(&env, None).unwrap_err();
        assert!(err.starts_with("no region configured: set AWS_REGION or AWS_DEFAULT_REGION"), "{err}");
        assert!(err.contains("Config::builder().region(..)"), "{err}");
        let err = creds(&env).unwrap_err();
        assert!(err.contains("AWS_ACCESS_KEY_ID") && err.contains("credentials_provider"), "{err}");
        let env = Env::from_map(&[("AWS_ACCESS_KEY_ID", "K")]);
        assert!(creds(&env).unwrap_err().contains("AWS_SECRET_ACCESS_KEY is not"));

        let dir = TempDir::new("roles");
        dir.write("config", "[profile admin]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
        let env = Env::from_map(&[("HOME", dir.home()), ("AWS_PROFILE", "admin")]);
        let err = creds(&env).unwrap_err();
        assert!(err.starts_with("profile `admin` names source_profile `default`, which is not in "), "{err}");
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
        let c = creds(&env).unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "SECRET", Some("TOKEN")));

        for var in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
            let mut vars = vec![("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "SECRET"), ("AWS_SESSION_TOKEN", "T")];
            for v in &mut vars {
                if v.0 == var {
                    v.1 = "AB\rCD";
                }
            }
            let err = creds(&Env::from_map(&vars)).unwrap_err();
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
        let err = creds(&env).unwrap_err();
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
        assert!(err.starts_with("`max_attempts` in profile `bad` of ") && err.ends_with("is `0`: expected a whole number of attempts, at least 1"), "{err}");
        let err = settings(&[("AWS_MAX_ATTEMPTS", "three")], None).unwrap_err();
        assert_eq!(err, "AWS_MAX_ATTEMPTS is `three`: expected a whole number of attempts, at least 1");
        use super::super::RetryMode;
        assert_eq!(settings(&[], Some("fast")).unwrap().mode, Some(RetryMode::Adaptive));
        assert_eq!(settings(&[], None).unwrap().mode, Some(RetryMode::Standard));
        assert_eq!(settings(&[("AWS_RETRY_MODE", " Adaptive ")], None).unwrap().mode, Some(RetryMode::Adaptive));
        // The variable wins over the profile's mode.
        assert_eq!(settings(&[("AWS_RETRY_MODE", "standard")], Some("fast")).unwrap().mode, Some(RetryMode::Standard));
        let err = settings(&[("AWS_RETRY_MODE", "turbo")], None).unwrap_err();
        assert_eq!(err, "AWS_RETRY_MODE is `turbo`: expected `standard`, `legacy` or `adaptive`");
    }

    /// What the default chain resolves in `env`, or its error as text.
    /// IMDS is turned off, so no machine's metadata service takes part.
    fn creds(env: &Env) -> Result<Credentials, String> {
        use aws_credential_types::provider::ProvideCredentials;
        let mut vars: HashMap<String, String> = env.vars.as_deref().cloned().unwrap_or_default();
        vars.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        let env = Env::from_vars(vars);
        let provider = crate::credentials::DefaultCredentialsProvider::with_config(crate::credentials::ProviderConfig::with_env(env, None));
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(provider.provide_credentials()).map_err(|e| std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_else(|| e.to_string()))
    }
}
