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
}

/// What the builder set: each wins over every other source.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Explicit<'a> {
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) endpoint_url: Option<&'a str>,
}

/// The settings for the service whose SDK id is `sdk_id`, e.g. `Voice ID`.
///
/// Sources are read only as far as needed: a setting found in the
/// environment does not load the shared files, and a bad value in a source
/// that a higher one overrides is not an error (botocore does the same).
pub(crate) fn resolve(explicit: Explicit<'_>, env: &Env, profile: Option<&str>, sdk_id: &str) -> Result<Settings, String> {
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
    Ok(Settings { use_fips, use_dual_stack, endpoint_url })
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
        let explicit = Explicit { use_fips: Some(false), use_dual_stack: Some(true), endpoint_url: Some("http://mine") };
        let s = resolve(explicit, &env, None, "Connect").unwrap();
        assert_eq!(s, Settings { use_fips: Some(false), use_dual_stack: Some(true), endpoint_url: Some("http://mine".into()) });
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
