//! The crate root, the `Client`, and the modules that re-export the runtime
//! under the names users of the official SDK expect.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::{Ctx, doc_attrs, inner_doc_attrs};
use crate::Options;
use crate::lower::ir::{Scalar, Target};

/// `src/lib.rs`.
pub fn lib_rs(cx: &Ctx, opts: &Options) -> TokenStream {
    let svc = &cx.ir.service;
    let krate = opts.crate_name.replace('-', "_");
    let intro = format!(" A client for {} (`{}`, API version {}).", svc.title, svc.sdk_id, svc.version);
    let service_docs = inner_doc_attrs(&svc.docs);
    let example_call = example_call(cx);
    let usage = format!(
        r#"
# Usage

```no_run
# async fn example() -> Result<(), Box<dyn std::error::Error>> {{
let config = {krate}::Config::builder()
    .region("us-east-1")
    .build();
let client = {krate}::Client::from_conf(config);
{example_call}
# Ok(())
# }}
```

Region and credentials not set on the builder come from the standard
environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
`AWS_SESSION_TOKEN`) and the shared config files with `AWS_PROFILE`.

# Optional members

Member optionality follows the Smithy 2.0 client rules:

- every member of an operation input is an `Option`, so a service can later
  relax a `@required` member without breaking callers;
- elsewhere a member is an `Option` unless it is `@required` or has a
  non-null `@default` (members marked `@clientOptional` or `@addedDefault`
  without `@required` stay optional);
- a required member that a response omits is filled with its type's zero
  value (the spec's error correction), so responses always parse.

`build()` returns `Result<_, BuildError>` for structures with a required
member that has no default, and for every operation input (as in the official
SDKs; it never fails there, required members are checked when sending).

# Validation

Every structure, union, input and output implements [`Validate`], which
checks the model's constraint traits (`@required`, `@length`, `@range`,
`@pattern`, `@uniqueItems`, enum values) with the Smithy reference semantics
and reports every violation. Requests are not validated before sending
unless `Config::builder().validate_requests(true)` is set.

# serde

With the cargo feature `serde`, every structure, union, enum, input and
output implements `Serialize` and `Deserialize` in the JSON the AWS CLI
prints: the model's member names as keys, ISO 8601 timestamps, base64
blobs, `None` members left out, unknown keys ignored. `@sensitive` members
are written in clear.
"#
    );
    let usage = inner_doc_attrs(&usage);
    let items = root_items(cx);
    quote! {
        #![doc = #intro]
        #![doc = ""]
        #service_docs
        #usage
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        #items
    }
}

/// `mod.rs` of a client generated as a module of another crate: the same
/// items as [`lib_rs`], documented in a few lines (the crate-level usage and
/// conventions belong to the crate that holds the module).
pub fn mod_rs(cx: &Ctx) -> TokenStream {
    let svc = &cx.ir.service;
    let intro = format!(" A client for {} (`{}`, API version {}), generated from the model.", svc.title, svc.sdk_id, svc.version);
    let service_docs = inner_doc_attrs(&svc.docs);
    let items = root_items(cx);
    quote! {
        #![doc = #intro]
        #![doc = ""]
        #service_docs
        #![forbid(unsafe_code)]

        #items
    }
}

/// The modules and re-exports at the root of a generated client.
fn root_items(cx: &Ctx) -> TokenStream {
    let endpoint_mod = cx.ir.service.endpoint_rules.is_some().then(|| {
        quote!(
            mod endpoint;
        )
    });
    quote! {
        pub mod client;
        pub mod config;
        pub mod error;
        pub mod operation;
        pub mod primitives;
        pub mod types;
        #endpoint_mod
        mod protocol_serde;

        pub use client::Client;
        pub use config::Config;
        pub use error::Error;
        pub use ::client_runtime::validate::{Validate, ValidationError, Violation};
    }
}

/// `src/client.rs`.
/// `sdk_config`: a crate of its own, whose manifest has the `sdk-config`
/// feature (a module inside the runtime has no such constructor).
pub fn client_rs(cx: &Ctx, opts: &Options, sdk_config: bool) -> TokenStream {
    let svc = &cx.ir.service;
    let (prefix, signing, sdk_id, version, krate) = (&svc.endpoint_prefix, &svc.signing_name, &svc.sdk_id, &svc.version, &opts.crate_name);
    let methods = cx.ir.operations.iter().map(|op| {
        let f = crate::naming::ident(&op.method);
        let m = format_ident!("{}", op.module);
        let b = format_ident!("{}", crate::naming::fluent_builder(&op.name));
        let doc = doc_attrs(&op.docs, "");
        let dep = super::ty::deprecated_attr(&op.deprecated);
        let allow = op.deprecated.is_some().then(|| quote!(#[allow(deprecated, reason = "the method hands out the deprecated operation's builder")]));
        quote! {
            #doc
            #dep
            #allow
            pub fn #f(&self) -> crate::operation::#m::builders::#b {
                crate::operation::#m::builders::#b::new(self.handle.clone())
            }
        }
    });
    let title = format!(" A client for {}. Cheap to clone; clones share configuration and connections.", svc.title);
    let rules = match svc.endpoint_rules {
        Some(_) => quote!(::std::option::Option::Some(&crate::endpoint::RULE_SET)),
        None => quote!(::std::option::Option::None),
    };
    let from_sdk_config = sdk_config.then(|| {
        quote! {
            #[cfg(feature = "sdk-config")]
            impl Client {
                /// A client configured from an `SdkConfig` of the official AWS SDKs (aws-config's `load_defaults`, or one built by hand): its
                /// region, credentials provider, retry and timeout config, endpoint URL, FIPS and dual-stack flags. The HTTP client is not
                /// taken: this client keeps its own transport. To change a setting first:
                /// `Client::from_conf(config::Builder::from(&sdk_config).http_client(..).build())`. Feature `sdk-config`.
                pub fn new(sdk_config: &::client_runtime::reexports::aws_types::SdkConfig) -> Self {
                    Self::from_conf(crate::Config::new(sdk_config))
                }
            }
        }
    });
    quote! {
        //! The service client.

        pub(crate) static SERVICE: ::client_runtime::client::ServiceInfo = ::client_runtime::client::ServiceInfo {
            endpoint_prefix: #prefix,
            signing_name: #signing,
            sdk_id: #sdk_id,
            api_version: #version,
            crate_name: #krate,
            crate_version: ::std::env!("CARGO_PKG_VERSION"),
            endpoint_rules: #rules,
        };

        #[doc = #title]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::client_runtime::client::Handle,
        }

        impl Client {
            /// A client with this configuration.
            pub fn from_conf(config: crate::Config) -> Self {
                Self { handle: ::client_runtime::client::Handle::new(config, &SERVICE) }
            }

            /// The configuration this client uses.
            pub fn config(&self) -> &crate::Config {
                self.handle.config()
            }

            #(#methods)*
        }

        #from_sdk_config
    }
}

/// `src/config.rs`.
pub fn config_rs(cx: &Ctx) -> TokenStream {
    let endpoint = super::endpoint::config_module(cx.ir.service.endpoint_rules.is_some());
    // Only services with account-based endpoints have the setting's type.
    let account_mode = cx.ir.service.endpoint_rules.as_ref().is_some_and(|r| r.params.iter().any(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountIdEndpointMode")));
    let account_mode = account_mode.then(|| quote!(pub use ::client_runtime::client::AccountIdEndpointMode;));
    let client_params = cx.ir.service.endpoint_rules.as_ref().map(super::endpoint::client_params_trait);
    quote! {
        //! Client configuration: region, endpoint, credentials, retries, timeouts, transport.
        pub use ::client_runtime::client::{
            BehaviorVersion, Builder, Config, Credentials, DefaultCredentialsProvider, HttpClient, HttpFuture, ProvideCredentials, Region, RetryConfig, RetryMode,
            TimeoutConfig, TimeoutConfigBuilder, TransportConfig, TransportError, TransportErrorKind,
        };
        #account_mode
        #client_params
        /// Retry settings, where the official SDKs have them.
        pub mod retry {
            pub use ::client_runtime::client::{RetryConfig, RetryMode};
        }
        /// Timeout settings, where the official SDKs have them.
        pub mod timeout {
            pub use ::client_runtime::client::{TimeoutConfig, TimeoutConfigBuilder};
        }
        /// Canned responses and recorded requests for tests, without a network.
        pub mod stub {
            pub use ::client_runtime::client::stub::*;
        }
        #endpoint
    }
}

/// `src/primitives.rs`.
pub fn primitives_rs() -> TokenStream {
    quote! {
        //! Value types used by the data types.
        pub use ::client_runtime::reexports::aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document};
        pub use ::client_runtime::types::UnknownVariantValue;
    }
}

/// A call of the first operation for the crate docs: its required string
/// members set to placeholders, then `send()`.
fn example_call(cx: &Ctx) -> String {
    let Some(op) = cx.ir.operations.first() else {
        return "// this service has no operations this generator supports".into();
    };
    let method = crate::naming::ident(&op.method);
    let mut call = format!("let output = client.{method}()");
    for m in cx.ir[op.input].members.iter().filter(|m| m.required) {
        if m.target != Target::Scalar(Scalar::String) {
            return format!("let fluent_builder = client.{method}(); // set the input members, then `.send().await`");
        }
        let setter = crate::naming::ident(&m.rust);
        call.push_str(&format!("\n    .{setter}(\"{}\")", crate::naming::snake(&m.name).replace('_', "-")));
    }
    call.push_str("\n    .send()\n    .await?;\nprintln!(\"{output:?}\");");
    call
}
