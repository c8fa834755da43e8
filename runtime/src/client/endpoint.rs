//! Where one call goes: the service's rule set resolved with the client's
//! configuration and the operation's parameters, or the documented fallback
//! for a model without a rule set.

use std::sync::{Arc, Mutex, OnceLock};

use http::{HeaderName, HeaderValue};

use super::ServiceInfo;
use super::config::Config;
use super::endpoint_config::Settings;
use super::request::Endpoint;
use crate::endpoint::{self as rules, ContextParams, EndpointError, Value};

/// A resolved endpoint, ready for requests.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// Scheme, host and path prefix.
    pub(crate) target: Endpoint,
    /// Headers the rule set adds to every request.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The SigV4 service name: the auth scheme's, else the model's.
    pub(crate) signing_name: String,
    /// The SigV4 region: the auth scheme's, else the configured region.
    pub(crate) signing_region: String,
}

/// Why no endpoint could be resolved.
#[derive(Debug)]
pub(crate) enum ResolveError {
    /// The rule set's `error` (its message as written) or a failed evaluation.
    Rules(EndpointError),
    /// A missing region, a bad endpoint setting in the environment or the
    /// shared config file, or a resolved URL or header that cannot be used.
    Other(String),
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::Rules(e) => write!(f, "{e}"),
            ResolveError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ResolveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResolveError::Rules(e) => Some(e),
            ResolveError::Other(_) => None,
        }
    }
}

/// Per client: its endpoint settings once resolved, and the last resolution
/// without operation parameters, for the region it was made for.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    settings: OnceLock<Settings>,
    last: Mutex<Option<(Option<String>, Arc<Resolved>)>>,
}

/// The client's endpoint settings, read from the environment and the shared
/// files at the first call that succeeds in reading them; a bad value fails
/// each call until it is fixed, as a missing region does.
fn settings<'a>(config: &Config, service: &ServiceInfo, cache: &'a Cache) -> Result<&'a Settings, ResolveError> {
    if let Some(s) = cache.settings.get() {
        return Ok(s);
    }
    let uses = |b: &str| service.endpoint_rules.is_some_and(|r| r.params.iter().any(|p| p.built_in == Some(b)));
    let s = config.resolve_endpoint_settings(service.sdk_id, &uses).map_err(ResolveError::Other)?;
    Ok(cache.settings.get_or_init(|| s))
}

/// Whether the rule set takes the credentials' account (`AWS::Auth::AccountId`),
/// so the call resolves its credentials before its endpoint.
pub(crate) fn wants_account_id(service: &ServiceInfo) -> bool {
    service.endpoint_rules.is_some_and(|r| r.params.iter().any(|p| p.built_in == Some("AWS::Auth::AccountId")))
}

/// Resolves the endpoint of one call. `region` is the configured region, or
/// why there is none (a rule set may not need one, signing does);
/// `account_id` is the credentials' account, for rule sets that take it.
pub(crate) fn resolve(
    config: &Config,
    service: &ServiceInfo,
    region: Result<String, String>,
    context: Option<&ContextParams>,
    account_id: Option<&str>,
    cache: &Cache,
) -> Result<Arc<Resolved>, ResolveError> {
    let settings = settings(config, service, cache)?;
    let Some(rule_set) = service.endpoint_rules else {
        let region = region.map_err(ResolveError::Other)?;
        let target =
            Endpoint::resolve(settings.endpoint_url.as_deref(), service, &region).map_err(ResolveError::Other)?;
        return Ok(Arc::new(Resolved {
            target,
            headers: Vec::new(),
            signing_name: service.signing_name.to_owned(),
            signing_region: region,
        }));
    };
    let context = context.map(|c| c.0.as_slice()).unwrap_or_default();
    // A cache hit compares the region in place: no allocation per call. An
    // account-based endpoint depends on the credentials, so it is not cached.
    let cacheable = context.is_empty() && account_id.is_none();
    if cacheable
        && let Ok(slot) = cache.last.lock()
        && let Some((r, resolved)) = slot.as_ref()
        && r.as_deref() == region.as_deref().ok()
    {
        return Ok(resolved.clone());
    }
    let region_key = region.as_ref().ok().cloned();
    let mut params: Vec<Option<Value>> = rule_set
        .params
        .iter()
        .map(|p| match p.built_in {
            Some("AWS::Region") => region_key.clone().map(Value::string),
            Some("AWS::UseFIPS") => settings.use_fips.map(Value::Bool),
            Some("AWS::UseDualStack") => settings.use_dual_stack.map(Value::Bool),
            Some("SDK::Endpoint") => settings.endpoint_url.clone().map(Value::string),
            Some("AWS::Auth::AccountId") => account_id.map(|a| Value::string(a.to_owned())),
            Some("AWS::Auth::AccountIdEndpointMode") => Some(Value::string(settings.account_id_endpoint_mode.as_str())),
            Some("AWS::STS::UseGlobalEndpoint") => settings.use_global_endpoint.map(Value::Bool),
            Some(_) => None,
            None => config.client_context_param(p.name).cloned(),
        })
        .collect();
    for (slot, value) in context {
        if let Some(p) = params.get_mut(usize::from(*slot)) {
            *p = Some(value.clone());
        }
    }
    let endpoint = rules::resolve(rule_set, params).map_err(ResolveError::Rules)?;
    let target = Endpoint::parse(&endpoint.url).map_err(ResolveError::Other)?;
    let mut headers = Vec::new();
    for (name, values) in &endpoint.headers {
        let n = HeaderName::try_from(name.as_str())
            .map_err(|e| ResolveError::Other(format!("endpoint header `{name}`: {e}")))?;
        for v in values {
            let v = HeaderValue::try_from(v.as_str())
                .map_err(|e| ResolveError::Other(format!("endpoint header `{name}`: {e}")))?;
            headers.push((n.clone(), v));
        }
    }
    let schemes = endpoint.auth_schemes();
    let scheme = schemes.iter().find(|s| s.name == "sigv4");
    let signing_name = scheme.and_then(|s| s.signing_name.clone()).unwrap_or_else(|| service.signing_name.to_owned());
    let signing_region = match scheme.and_then(|s| s.signing_region.clone()) {
        Some(r) => r,
        None => region.map_err(ResolveError::Other)?,
    };
    let resolved = Arc::new(Resolved { target, headers, signing_name, signing_region });
    if cacheable
        && let Ok(mut slot) = cache.last.lock()
    {
        *slot = Some((region_key, resolved.clone()));
    }
    Ok(resolved)
}
