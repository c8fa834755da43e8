//! `@requestCompression`: gzip request bodies (cargo feature `compression`,
//! which the generator enables only for crates with such an operation).
//!
//! The serializer of a compressible operation marks its request with
//! [`CompressRequest`]; `invoke` then compresses the body before signing,
//! unless [`disable_request_compression`](crate::client::Builder::disable_request_compression)
//! is set or the body is smaller than
//! [`request_min_compression_size_bytes`](crate::client::Builder::request_min_compression_size_bytes),
//! and appends `gzip` to `Content-Encoding` (after an encoding the caller
//! bound to the header, as the Smithy protocol tests require).

use std::io::Write;

use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;
use http::HeaderValue;
use http::header::CONTENT_ENCODING;

use crate::client::CompressionSettings;
use crate::error::BuildError;

/// The largest `request_min_compression_size_bytes` the AWS SDKs accept.
pub const MAX_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_485_760;

/// Marks a request whose body the client may gzip (`@requestCompression`
/// with `gzip`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressRequest;

/// `body` gzipped (default level, as the SDKs).
pub fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 2 + 32), Compression::default());
    // Writing to a `Vec` cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// Compresses the body of a marked request in place, per `settings`.
pub(crate) fn apply(req: &mut http::Request<Bytes>, settings: CompressionSettings) -> Result<(), BuildError> {
    if req.extensions().get::<CompressRequest>().is_none() || settings.disabled {
        return Ok(());
    }
    if settings.min_size_bytes > MAX_MIN_COMPRESSION_SIZE_BYTES {
        return Err(BuildError::invalid_field(
            "request_min_compression_size_bytes",
            format!("must be between 0 and {MAX_MIN_COMPRESSION_SIZE_BYTES} (10 MiB), not {}", settings.min_size_bytes),
        ));
    }
    if (req.body().len() as u64) < u64::from(settings.min_size_bytes) {
        return Ok(());
    }
    let compressed = gzip(req.body());
    let encoding = match req.headers().get(CONTENT_ENCODING).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty()) {
        Some(given) => format!("{given}, gzip"),
        None => "gzip".to_owned(),
    };
    let value = HeaderValue::from_str(&encoding).map_err(|_| BuildError::invalid_field("Content-Encoding", "not a valid header value"))?;
    req.headers_mut().insert(CONTENT_ENCODING, value);
    *req.body_mut() = Bytes::from(compressed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn request(body: &[u8], encoding: Option<&str>, marked: bool) -> http::Request<Bytes> {
        let mut b = http::Request::builder().method("POST").uri("/");
        if let Some(e) = encoding {
            b = b.header(CONTENT_ENCODING, e);
        }
        if marked {
            b = b.extension(CompressRequest);
        }
        b.body(Bytes::copy_from_slice(body)).unwrap()
    }

    fn gunzip(b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(b).read_to_end(&mut out).unwrap();
        out
    }

    const ON: CompressionSettings = CompressionSettings { disabled: false, min_size_bytes: 10_240 };

    #[test]
    fn a_large_marked_body_is_gzipped_and_says_so() {
        let body: Vec<u8> = (0..20_000u32).flat_map(|i| format!("{{\"n\":{i}}}").into_bytes()).collect();
        let mut req = request(&body, None, true);
        apply(&mut req, ON).unwrap();
        assert_eq!(req.headers()[CONTENT_ENCODING], "gzip");
        assert!(req.body().len() < body.len() / 4, "{} of {}", req.body().len(), body.len());
        assert_eq!(gunzip(req.body()), body);
    }

    #[test]
    fn gzip_follows_an_encoding_the_caller_set() {
        let mut req = request(&[b'a'; 10_240], Some("custom"), true);
        apply(&mut req, ON).unwrap();
        assert_eq!(req.headers()[CONTENT_ENCODING], "custom, gzip");
        assert_eq!(gunzip(req.body()), vec![b'a'; 10_240]);
    }

    #[test]
    fn small_unmarked_or_disabled_bodies_are_sent_as_they_are() {
        for (body_len, marked, settings) in [(10_239, true, ON), (20_000, false, ON), (20_000, true, CompressionSettings { disabled: true, min_size_bytes: 0 })]
        {
            let body = vec![b'x'; body_len];
            let mut req = request(&body, None, marked);
            apply(&mut req, settings).unwrap();
            assert_eq!(req.body().as_ref(), &body[..], "{body_len} {marked} {settings:?}");
            assert!(req.headers().get(CONTENT_ENCODING).is_none());
        }
        // A minimum of 0 compresses even an empty body.
        let mut req = request(b"", None, true);
        apply(&mut req, CompressionSettings { disabled: false, min_size_bytes: 0 }).unwrap();
        assert_eq!(gunzip(req.body()), b"");
    }

    #[test]
    fn an_out_of_range_minimum_names_the_setting() {
        let mut req = request(b"{}", None, true);
        let err = apply(&mut req, CompressionSettings { disabled: false, min_size_bytes: MAX_MIN_COMPRESSION_SIZE_BYTES + 1 }).unwrap_err();
        assert_eq!(err.field(), Some("request_min_compression_size_bytes"));
        assert!(err.to_string().contains("10485761"), "{err}");
        let mut req = request(b"{}", None, true);
        apply(&mut req, CompressionSettings { disabled: false, min_size_bytes: MAX_MIN_COMPRESSION_SIZE_BYTES }).unwrap();
    }
}
