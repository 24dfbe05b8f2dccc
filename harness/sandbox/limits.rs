//! Resource limits for untrusted processes (setrlimit), applied in the child between fork and exec.

use std::time::Duration;

use nix::sys::resource::{Resource, setrlimit};
use serde::{Deserialize, Serialize};

/// What one student process (and each of its children) may use. `None` leaves a limit as inherited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// CPU time, e.g. "10s" (RLIMIT_CPU; the process gets SIGXCPU, then SIGKILL).
    #[serde(default, with = "crate::sandbox::limits::opt_seconds")]
    pub cpu: Option<Duration>,
    /// Address space in bytes (RLIMIT_AS).
    pub memory: Option<u64>,
    /// Processes of the run's account (RLIMIT_NPROC): what stops a fork bomb.
    pub processes: Option<u64>,
    /// Largest file it may write, in bytes (RLIMIT_FSIZE).
    pub file_size: Option<u64>,
    /// Open files (RLIMIT_NOFILE).
    pub open_files: Option<u64>,
}

impl Limits {
    /// Sensible limits for a lab's student process.
    pub fn for_students() -> Self {
        Limits {
            cpu: Some(Duration::from_secs(10)),
            memory: Some(1 << 30),
            processes: Some(64),
            file_size: Some(64 << 20),
            open_files: Some(256),
        }
    }

    /// Applies the limits to the calling process. Only calls setrlimit(2), which is async-signal-safe,
    /// so it may run in a `pre_exec` hook.
    pub fn apply(&self) -> std::io::Result<()> {
        let set = |resource, value: Option<u64>| match value {
            Some(value) => setrlimit(resource, value, value).map_err(std::io::Error::from),
            None => Ok(()),
        };
        set(Resource::RLIMIT_CPU, self.cpu.map(|cpu| cpu.as_secs().max(1)))?;
        set(Resource::RLIMIT_AS, self.memory)?;
        set(Resource::RLIMIT_NPROC, self.processes)?;
        set(Resource::RLIMIT_FSIZE, self.file_size)?;
        set(Resource::RLIMIT_NOFILE, self.open_files)
    }
}

/// Durations in limits are written like everywhere in socklab: "10s", "500ms".
pub(crate) mod opt_seconds {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(value: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(duration) => serializer.serialize_str(&crate::cli::format_duration(*duration)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        text.map(|text| crate::cli::parse_duration(&text).map_err(serde::de::Error::custom)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    #[test]
    fn a_file_size_limit_stops_a_large_write() {
        let dir = tempfile::tempdir().unwrap();
        let limits = Limits { file_size: Some(4096), ..Limits::default() };
        let mut command = Command::new("sh");
        command.arg("-c").arg("head -c 100000 /dev/zero > big; echo $?").current_dir(dir.path());
        // SAFETY: apply() only calls setrlimit.
        unsafe { command.pre_exec(move || limits.apply()) };
        let output = command.output().unwrap();
        assert!(std::fs::metadata(dir.path().join("big")).unwrap().len() <= 4096);
        assert_ne!(String::from_utf8_lossy(&output.stdout).trim(), "0");
    }
}
