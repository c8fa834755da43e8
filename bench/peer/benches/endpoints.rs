//! Endpoint resolution, uncached: ours (the rule set as static data, walked
//! by `client-runtime`'s interpreter) against the official resolver for the
//! same parameters, in the same process.
//!
//! The same file is the `endpoints` bench of two crates, so the official
//! side is each of the official SDK's two designs:
//! - `bench/peer` (aws-sdk-connect 1.220): a binary decision diagram walked
//!   by a small interpreter, its conditions generated Rust (`official_bdd`);
//! - `bench/peer-tree` (aws-sdk-connect 1.150): one generated Rust function
//!   for the whole rule tree, nested `if`s (`official_tree`), the design
//!   docs/endpoints.md weighs against ours.
//!
//! Run through `cargo xtask bench`, or alone:
//! `cargo bench --manifest-path bench/peer/Cargo.toml --bench endpoints`.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use aws_sdk_connect::config::endpoint::{DefaultResolver, ResolveEndpoint};
use criterion::{Criterion, criterion_group, criterion_main};

/// The official resolver's future is ready at once; poll it once.
fn now<F: Future>(f: F) -> F::Output {
    match pin!(f).as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("endpoint resolution is synchronous"),
    }
}

/// Name, region, FIPS, dual-stack, configured endpoint, expected URL (`None`: refused).
const CASES: [(&str, &str, bool, bool, Option<&str>, Option<&str>); 3] = [
    ("us_east_1", "us-east-1", false, false, None, Some("https://connect.us-east-1.amazonaws.com")),
    ("gov_fips_dual_stack", "us-gov-west-1", true, true, None, Some("https://connect-fips.us-gov-west-1.api.aws")),
    ("custom_endpoint_with_fips_error", "eu-west-1", true, false, Some("https://example.com"), None),
];

fn official_label() -> &'static str {
    if env!("CARGO_PKG_NAME") == "peer-tree-bench" { "official_tree" } else { "official_bdd" }
}

fn endpoints(c: &mut Criterion) {
    let resolver = DefaultResolver::new();
    for (name, region, fips, dual_stack, endpoint, want) in CASES {
        let mut ours = connect_client::config::endpoint::Params::builder().region(region).use_fips(fips).use_dual_stack(dual_stack);
        let mut official = aws_sdk_connect::config::endpoint::Params::builder().region(region).use_fips(fips).use_dual_stack(dual_stack);
        if let Some(e) = endpoint {
            ours = ours.endpoint(e);
            official = official.endpoint(e);
        }
        let (ours, official) = (ours.build().unwrap(), official.build().unwrap());
        // Both resolve the case alike before either is timed.
        let ours_url = connect_client::config::endpoint::resolve(&ours).map(|e| e.url).ok();
        let official_url = now(resolver.resolve_endpoint(&official)).map(|e| e.url().to_string()).ok();
        assert_eq!(ours_url.as_deref(), want, "ours, {name}");
        assert_eq!(official_url.as_deref(), want, "official, {name}");

        let mut g = c.benchmark_group(format!("endpoint_{name}"));
        g.bench_function("ours", |b| b.iter(|| connect_client::config::endpoint::resolve(black_box(&ours))));
        g.bench_function(official_label(), |b| b.iter(|| now(resolver.resolve_endpoint(black_box(&official)))));
        g.finish();
    }
}

criterion_group!(benches, endpoints);
criterion_main!(benches);
