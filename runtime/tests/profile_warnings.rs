//! A line the shared files' parser skips is a warning that names the file
//! and the line, and never shows the line itself (it may hold a secret).
//!
//! Alone in its test binary: tracing caches each callsite's interest
//! process-wide, and with other tests logging from their threads while the
//! capture was being set, the warnings were now and then decided
//! uninteresting before the capture existed (one failure in two full
//! workspace runs on a loaded machine).

mod credentials_support;

use aws_credential_types::provider::ProvideCredentials;
use client_runtime::credentials::{ProfileFileCredentialsProvider, ProviderConfig};
use credentials_support::Home;

#[test]
fn skipped_lines_are_warnings_naming_file_and_line() {
    let capture = credentials_support::Capture::default();
    let home = Home::new("props-warn");
    let path = home.write(".aws/credentials", "stray SECRET1\n[default]\naws_access_key_id = AK\nSECRET2 without equals\naws_secret_access_key = S\n[bad] SECRET3\n");
    let _guard = tracing::subscriber::set_default(capture.clone());
    tracing::callsite::rebuild_interest_cache();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let provider = ProfileFileCredentialsProvider::new(ProviderConfig::new().environment(home.env()));
    let c = runtime.block_on(provider.provide_credentials()).unwrap();
    assert_eq!(c.access_key_id(), "AK");
    let warnings: Vec<String> = capture.lines.lock().unwrap().iter().filter(|l| l.starts_with("event WARN")).cloned().collect();
    for line in [1, 4, 6] {
        assert!(warnings.iter().any(|w| w.contains(&format!("{path}:{line}:"))), "no warning for line {line}: {warnings:#?}");
    }
    assert!(warnings.iter().all(|w| !w.contains("SECRET")), "{warnings:#?}");
}
