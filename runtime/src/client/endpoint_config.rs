//! Where the endpoint settings a [`Config`](super::Config) leaves unset come
//! from: the environment, then the selected profile of the shared config
//! file, in the order the AWS SDKs and Tools reference guide gives ("Dual-stack
//! and FIPS endpoints", "Service-specific endpoints"). The order, and where we
//! differ from botocore, is in `docs/endpoints.md` and the
//! [`client`](super) module docs.

use super::profile::{self, Env, Shared};
use super::request::Endpoint;

/// The endpoint settings of one service's client, every source consulted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// `AWS::UseFIPS`; `None`: set nowhere, so the rule set's default applies.
    pub(crate) use_fips: Option<bool>,
    /// `AWS::UseDualStack`; `None` as for `use_fips`.
    pub(crate) use_dual_stack: Option<bool>,
    /// `SDK::Endpoint`, trimmed.
    pub(crate) endpoint_url: Option<String>,
    /// `AWS::Auth::AccountIdEndpointMode`; `Preferred` when set nowhere.
    pub(crate) account_id_endpoint_mode: AccountIdEndpointMode,
    /// `AWS::STS::UseGlobalEndpoint`; `None` when set nowhere (the rule
    /// set's default, `false`: regional endpoints).
    pub(crate) use_global_endpoint: Option<bool>,
}

/// Whether requests go to account-based endpoints, where a service's rule
/// set offers them (the `AWS::Auth::AccountIdEndpointMode` parameter; the
/// official SDKs' setting of the same name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountIdEndpointMode {
    /// Use the account's endpoint when the credentials name the account,
    /// else the regional one.
    #[default]
    Preferred,
    /// Never use account-based endpoints.
    Disabled,
    /// Fail a request whose credentials do not name the account.
    Required,
}

impl AccountIdEndpointMode {
    /// The value rule sets compare: `preferred`, `disabled` or `required`.
    pub fn as_str(&self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "preferred" => Some(AccountIdEndpointMode::Preferred),
            "disabled" => Some(AccountIdEndpointMode::Disabled),
            "required" => Some(AccountIdEndpointMode::Required),
            _ => None,
        }
    }
}

impl std::fmt::Display for AccountIdEndpointMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the builder set: each wins over every other source.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Explicit<'a> {
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) endpoint_url: Option<&'a str>,
    pub(crate) account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    pub(crate) use_global_endpoint: Option<bool>,
}

/// The settings for the service whose SDK id is `sdk_id`, e.g. `Voice ID`.
///
/// Sources are read only as far as needed: a setting found in the
/// environment does not load the shared files, and a bad value in a source
/// that a higher one overrides is not an error (botocore does the same).
#[cfg(test)]
pub(crate) fn resolve(explicit: Explicit<'_>, env: &Env, profile: Option<&str>, sdk_id: &str) -> Result<Settings, String> {
    resolve_for(explicit, env, profile, sdk_id, &|_| true)
}

/// As [`resolve`], reading the settings of built-ins the rule set does not
/// take (`uses` says which it takes) from nowhere, so a bad value of a
/// setting the service ignores cannot fail its calls.
pub(crate) fn resolve_for(explicit: Explicit<'_>, env: &Env, profile: Option<&str>, sdk_id: &str, uses: &dyn Fn(&str) -> bool) -> Result<Settings, String> {
    let mut files = Files { env, profile, loaded: None };
    let use_fips = match explicit.use_fips {
        Some(b) => Some(b),
        None => flag(&mut files, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?,
    };
    let use_dual_stack = match explicit.use_dual_stack {
        Some(b) => Some(b),
        None => flag(&mut files, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?,
    };
    let endpoint_url = match explicit.endpoint_url {
        Some(url) if url.contains('@') => {
            // Only user info is refused here; the rule set judges the rest of the URL.
            checked(url, || "the endpoint URL set with Config::builder().endpoint_url(..)".to_owned())?
        }
        Some(url) => Some(url.trim().to_owned()),
        None => configured_url(&mut files, sdk_id)?,
    };
    let account_id_endpoint_mode = match explicit.account_id_endpoint_mode {
        Some(m) => m,
        None if uses("AWS::Auth::AccountIdEndpointMode") => account_mode(&mut files)?.unwrap_or_default(),
        None => AccountIdEndpointMode::default(),
    };
    let use_global_endpoint = match explicit.use_global_endpoint {
        Some(b) => Some(b),
        None if uses("AWS::STS::UseGlobalEndpoint") => sts_regional_endpoints(&mut files)?,
        None => None,
    };
    Ok(Settings { use_fips, use_dual_stack, endpoint_url, account_id_endpoint_mode, use_global_endpoint })
}

/// `AWS_STS_REGIONAL_ENDPOINTS`, else `sts_regional_endpoints` of the
/// profile: `legacy` is the global endpoint for the legacy regions (`true`),
/// `regional` is not (botocore's setting and default).
fn sts_regional_endpoints(files: &mut Files<'_>) -> Result<Option<bool>, String> {
    let parse = |v: &str| match v.trim().to_ascii_lowercase().as_str() {
        "legacy" => Some(true),
        "regional" => Some(false),
        _ => None,
    };
    if let Some(value) = files.env.var("AWS_STS_REGIONAL_ENDPOINTS") {
        return parse(&value).map(Some).ok_or_else(|| format!("AWS_STS_REGIONAL_ENDPOINTS must be `legacy` or `regional`, not `{}`", value.trim()));
    }
    let shared = files.get()?;
    let Some(value) = shared.profile.as_ref().and_then(|p| p.get("sts_regional_endpoints")).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    parse(value).map(Some).ok_or_else(|| {
        format!("`sts_regional_endpoints` of profile `{}` ({}) must be `legacy` or `regional`, not `{}`", shared.name, shared.config_path, value.trim())
    })
}

/// `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else `account_id_endpoint_mode` of the profile.
fn account_mode(files: &mut Files<'_>) -> Result<Option<AccountIdEndpointMode>, String> {
    const ALLOWED: &str = "`preferred`, `disabled` or `required`";
    if let Some(value) = files.env.var("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
        return AccountIdEndpointMode::parse(&value)
            .map(Some)
            .ok_or_else(|| format!("AWS_ACCOUNT_ID_ENDPOINT_MODE must be {ALLOWED}, not `{}`", value.trim()));
    }
    let shared = files.get()?;
    let Some(value) = shared.profile.as_ref().and_then(|p| p.get("account_id_endpoint_mode")).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    AccountIdEndpointMode::parse(value).map(Some).ok_or_else(|| {
        format!("`account_id_endpoint_mode` of profile `{}` ({}) must be {ALLOWED}, not `{}`", shared.name, shared.config_path, value.trim())
    })
}

/// The service's identifier in variable names and `services` sections: the
/// SDK id with spaces (and hyphens, which a variable name cannot hold, as
/// botocore does) as `_`; callers upper- or lower-case it.
pub(crate) fn service_key(sdk_id: &str) -> String {
    sdk_id.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect()
}

/// The shared files, read at the first setting that needs them.
struct Files<'a> {
    env: &'a Env,
    profile: Option<&'a str>,
    loaded: Option<Shared>,
}

impl Files<'_> {
    fn get(&mut self) -> Result<&Shared, String> {
        if self.loaded.is_none() {
            self.loaded = Some(profile::load_shared(self.env, self.profile)?);
        }
        Ok(self.loaded.as_ref().expect("loaded above"))
    }
}

/// `true` or `false` in any case, surrounding blanks ignored.
fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A boolean from variable `var`, else from key `key` of the profile.
fn flag(files: &mut Files<'_>, var: &str, key: &str) -> Result<Option<bool>, String> {
    if let Some(value) = files.env.var(var) {
        return parse_bool(&value).map(Some).ok_or_else(|| format!("{var} must be `true` or `false`, not `{}`", value.trim()));
    }
    let shared = files.get()?;
    let Some(value) = shared.profile.as_ref().and_then(|p| p.get(key)).filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    parse_bool(value).map(Some).ok_or_else(|| format!("`{key}` of profile `{}` ({}) must be `true` or `false`, not `{value}`", shared.name, shared.config_path))
}

/// `url` if requests can be sent to it; else an error naming where it came from.
fn checked(url: &str, source: impl FnOnce() -> String) -> Result<Option<String>, String> {
    let url = url.trim();
    match Endpoint::parse(url) {
        Ok(_) => Ok(Some(url.to_owned())),
        Err(why) => Err(format!("{}: {why}", source())),
    }
}

/// The configured endpoint URL: `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL`, the profile's `services` section, the profile's
/// `endpoint_url`; none of them when the ignore switch is on.
fn configured_url(files: &mut Files<'_>, sdk_id: &str) -> Result<Option<String>, String> {
    if flag(files, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")? == Some(true) {
        return Ok(None);
    }
    let key = service_key(sdk_id);
    let service_var = format!("AWS_ENDPOINT_URL_{}", key.to_ascii_uppercase());
    for var in [service_var.as_str(), "AWS_ENDPOINT_URL"] {
        if let Some(url) = files.env.var(var) {
            return checked(&url, || var.to_owned());
        }
    }
    let shared = files.get()?;
    let Some(profile) = &shared.profile else { return Ok(None) };
    if let Some(section) = profile.get("services").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let Some(services) = shared.services.get(section) else {
            return Err(format!("profile `{}` has `services = {section}`, but {} has no [services {section}] section", shared.name, shared.config_path));
        };
        let key = key.to_ascii_lowercase();
        let url = services
            .get(&key)
            .and_then(|v| profile::sub_properties(v).filter(|(k, _)| k == "endpoint_url").last())
            .map(|(_, url)| url)
            .filter(|url| !url.is_empty());
        if let Some(url) = url {
            return checked(url, || format!("`endpoint_url` of `{key}` in [services {section}] ({})", shared.config_path));
        }
    }
    match profile.get("endpoint_url").filter(|url| !url.trim().is_empty()) {
        Some(url) => checked(url, || format!("`endpoint_url` of profile `{}` ({})", shared.name, shared.config_path)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_only(vars: &[(&str, &str)], sdk_id: &str) -> Result<Settings, String> {
        let mut all = vec![("HOME", "/nonexistent")];
        all.extend_from_slice(vars);
        resolve(Explicit::default(), &Env::from_map(&all), None, sdk_id)
    }

    #[test]
    fn account_id_endpoint_mode_comes_from_the_builder_the_environment_or_the_profile() {
        assert_eq!(env_only(&[], "DynamoDB").unwrap().account_id_endpoint_mode, AccountIdEndpointMode::Preferred);
        let s = env_only(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", " Disabled ")], "DynamoDB").unwrap();
        assert_eq!(s.account_id_endpoint_mode, AccountIdEndpointMode::Disabled);
        let e = env_only(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")], "DynamoDB").unwrap_err();
        assert_eq!(e, "AWS_ACCOUNT_ID_ENDPOINT_MODE must be `preferred`, `disabled` or `required`, not `sometimes`");
        let explicit = Explicit { account_id_endpoint_mode: Some(AccountIdEndpointMode::Required), ..Explicit::default() };
        let env = Env::from_map(&[("HOME", "/nonexistent"), ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")]);
        assert_eq!(resolve(explicit, &env, None, "DynamoDB").unwrap().account_id_endpoint_mode, AccountIdEndpointMode::Required);
        let dir = std::env::temp_dir().join(format!("account-mode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("config");
        std::fs::write(&config, "[default]\naccount_id_endpoint_mode = required\n[profile bad]\naccount_id_endpoint_mode = always\n").unwrap();
        let path = config.to_str().unwrap();
        let env = Env::from_map(&[("HOME", "/nonexistent"), ("AWS_CONFIG_FILE", path)]);
        assert_eq!(resolve(Explicit::default(), &env, None, "DynamoDB").unwrap().account_id_endpoint_mode, AccountIdEndpointMode::Required);
        let e = resolve(Explicit::default(), &env, Some("bad"), "DynamoDB").unwrap_err();
        assert_eq!(e, format!("`account_id_endpoint_mode` of profile `bad` ({path}) must be `preferred`, `disabled` or `required`, not `always`"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sts_regional_endpoints_is_read_only_for_rule_sets_that_take_it() {
        let env = |v: &str| Env::from_map(&[("HOME", "/nonexistent"), ("AWS_STS_REGIONAL_ENDPOINTS", v)]);
        let sts = |b: &str| b == "AWS::STS::UseGlobalEndpoint";
        assert_eq!(resolve_for(Explicit::default(), &env("legacy"), None, "STS", &sts).unwrap().use_global_endpoint, Some(true));
        assert_eq!(resolve_for(Explicit::default(), &env(" Regional"), None, "STS", &sts).unwrap().use_global_endpoint, Some(false));
        let e = resolve_for(Explicit::default(), &env("global"), None, "STS", &sts).unwrap_err();
        assert_eq!(e, "AWS_STS_REGIONAL_ENDPOINTS must be `legacy` or `regional`, not `global`");
        // A service without the parameter neither reads nor rejects it.
        assert_eq!(resolve_for(Explicit::default(), &env("global"), None, "Connect", &|_| false).unwrap().use_global_endpoint, None);
        let explicit = Explicit { use_global_endpoint: Some(false), ..Explicit::default() };
        assert_eq!(resolve_for(explicit, &env("legacy"), None, "STS", &sts).unwrap().use_global_endpoint, Some(false));
    }

    #[test]
    fn service_keys_come_from_the_sdk_id() {
        assert_eq!(service_key("Connect"), "Connect");
        assert_eq!(service_key(" Voice ID "), "Voice_ID");
        assert_eq!(service_key("IoT-Data Plane"), "IoT_Data_Plane");
    }

    #[test]
    fn booleans_are_true_or_false_in_any_case() {
        assert_eq!(parse_bool(" TRUE "), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        for bad in ["yes", "1", "on", "truee", ""] {
            assert_eq!(parse_bool(bad), None, "{bad}");
        }
    }

    #[test]
    fn nothing_set_leaves_every_setting_to_the_rule_set() {
        assert_eq!(env_only(&[], "Connect").unwrap(), Settings::default());
    }

    #[test]
    fn the_environment_alone() {
        let s = env_only(
            &[
                ("AWS_USE_FIPS_ENDPOINT", "true"),
                ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
                ("AWS_ENDPOINT_URL_VOICE_ID", " http://voice:1/ "),
                ("AWS_ENDPOINT_URL", "http://global:2"),
            ],
            "Voice ID",
        )
        .unwrap();
        assert_eq!(s.use_fips, Some(true));
        assert_eq!(s.use_dual_stack, Some(false));
        assert_eq!(s.endpoint_url.as_deref(), Some("http://voice:1/"));
        // Another service's variable does not apply; the global one does.
        let s = env_only(&[("AWS_ENDPOINT_URL_VOICE_ID", "http://voice:1"), ("AWS_ENDPOINT_URL", "http://g:2")], "Connect").unwrap();
        assert_eq!(s.endpoint_url.as_deref(), Some("http://g:2"));
    }

    #[test]
    fn the_builder_wins_and_masks_bad_values_below_it() {
        let env = Env::from_map(&[
            ("HOME", "/nonexistent"),
            ("AWS_USE_FIPS_ENDPOINT", "yes"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "no"),
            ("AWS_ENDPOINT_URL", "not a url"),
        ]);
        let explicit = Explicit { use_fips: Some(false), use_dual_stack: Some(true), endpoint_url: Some("http://mine"), account_id_endpoint_mode: None, use_global_endpoint: None };
        let s = resolve(explicit, &env, None, "Connect").unwrap();
        assert_eq!(s, Settings { use_fips: Some(false), use_dual_stack: Some(true), endpoint_url: Some("http://mine".into()), account_id_endpoint_mode: AccountIdEndpointMode::Preferred, use_global_endpoint: None });
    }

    #[test]
    fn bad_values_name_their_variable() {
        let err = env_only(&[("AWS_USE_FIPS_ENDPOINT", "yes")], "Connect").unwrap_err();
        assert_eq!(err, "AWS_USE_FIPS_ENDPOINT must be `true` or `false`, not `yes`");
        let err = env_only(&[("AWS_USE_DUALSTACK_ENDPOINT", "1")], "Connect").unwrap_err();
        assert!(err.starts_with("AWS_USE_DUALSTACK_ENDPOINT must be"), "{err}");
        let err = env_only(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "sure")], "Connect").unwrap_err();
        assert!(err.starts_with("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be"), "{err}");
        let err = env_only(&[("AWS_ENDPOINT_URL_CONNECT", "localhost:4566")], "Connect").unwrap_err();
        assert!(err.starts_with("AWS_ENDPOINT_URL_CONNECT: invalid endpoint URL `localhost:4566`"), "{err}");
        let err = env_only(&[("AWS_ENDPOINT_URL", "ftp://x")], "Connect").unwrap_err();
        assert!(err.starts_with("AWS_ENDPOINT_URL: invalid endpoint URL `ftp://x`"), "{err}");
    }

    #[test]
    fn the_ignore_switch_hides_configured_urls_only() {
        let s =
            env_only(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_ENDPOINT_URL", "bad"), ("AWS_USE_FIPS_ENDPOINT", "true")], "Connect").unwrap();
        assert_eq!(s, Settings { use_fips: Some(true), ..Settings::default() });
        let s = env_only(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"), ("AWS_ENDPOINT_URL", "http://g")], "Connect").unwrap();
        assert_eq!(s.endpoint_url.as_deref(), Some("http://g"));
    }
}
