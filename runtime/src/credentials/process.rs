//! Profiles with `credential_process`: credentials from a helper program.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;

use super::{failed, parse_credentials_json};

/// How long the helper may run; no SDK sets a limit, but a hung helper must
/// not hang every call of the client.
pub(crate) const PROCESS_TIMEOUT: Duration = Duration::from_secs(30);

/// At most this much of the helper's stderr goes into an error message.
const STDERR_SHOWN: usize = 2048;

/// Runs `command` through the platform's shell (`sh -c`, `cmd /C`, as the
/// official Rust SDK does) and reads its standard output as the JSON
/// document of the AWS SDKs' `credential_process` (`Version: 1`,
/// `AccessKeyId`, `SecretAccessKey`, optional `SessionToken` and
/// `Expiration`). A failure keeps the helper's stderr in the message; its
/// stdout, which holds secrets, is never shown.
pub(crate) async fn run(command: &str, profile: &str) -> Result<Credentials, CredentialsError> {
    let what = format!("the credential_process of profile `{profile}`");
    let command = command.to_owned();
    let out = {
        let what = what.clone();
        tokio::task::spawn_blocking(move || run_blocking(&command, &what, PROCESS_TIMEOUT))
            .await
            .map_err(|e| failed(format!("running the credential_process failed: {e}")))??
    };
    parse_credentials_json(&out, &what, "CredentialProcess", true)
}

/// Runs the helper on this thread; its standard output, or an error.
fn run_blocking(command: &str, what: &str, timeout: Duration) -> Result<Vec<u8>, CredentialsError> {
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.arg("/C").arg(command);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(command);
        c
    };
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| failed(format!("cannot start {what}: {e}")))?;
    // Both pipes are drained on their own threads so a chatty helper cannot
    // block on a full pipe while we wait for it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!("{what} did not finish within {} s; it was stopped", timeout.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(failed(format!("waiting for {what} failed: {e}"))),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let mut stderr = stderr.trim();
        if stderr.len() > STDERR_SHOWN {
            let mut end = STDERR_SHOWN;
            while !stderr.is_char_boundary(end) {
                end -= 1;
            }
            stderr = &stderr[..end];
        }
        let status = status.code().map(|c| format!("exit status {c}")).unwrap_or_else(|| "a signal".to_owned());
        let shown = if stderr.is_empty() { String::new() } else { format!("; its stderr: {stderr}") };
        return Err(failed(format!("{what} ended with {status}{shown}")));
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hung_helper_is_stopped() {
        let started = Instant::now();
        let err = run_blocking("sleep 20", "the helper", Duration::from_millis(300)).unwrap_err();
        assert!(format!("{:?}", std::error::Error::source(&err)).contains("did not finish within 0 s"), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn stderr_is_kept_and_stdout_is_not_shown() {
        let err = run_blocking("echo SECRETVALUE; echo 'role not found' >&2; exit 3", "the helper", PROCESS_TIMEOUT).unwrap_err();
        let text = format!("{:?}", std::error::Error::source(&err));
        assert!(text.contains("ended with exit status 3; its stderr: role not found"), "{text}");
        assert!(!text.contains("SECRETVALUE"), "{text}");
    }
}
