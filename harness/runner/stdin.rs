//! A process's stdin script: lines to send, each optionally after an output line matches, then close
//! stdin (or keep it open until the lab ends). Runs on its own thread so a slow reader never stalls
//! the lab's loop.

use std::io::Write;
use std::process::ChildStdin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::process::{Log, Notifier};
use crate::model::{Pattern, ProcessId};
use crate::tr;

/// A stdin step with its line's placeholders filled in.
#[derive(Debug, Clone)]
pub struct Step {
    pub wait_for: Option<(ProcessId, Pattern)>,
    pub line: Option<String>,
}

/// How long a wait sleeps at most between looks at the output (it also wakes on every new line).
const POLL: Duration = Duration::from_millis(50);

pub struct Script {
    pub process: String,
    pub steps: Vec<Step>,
    pub keep_open: bool,
    pub names: Vec<String>,
    pub logs: Arc<Mutex<Vec<Option<Arc<Log>>>>>,
    pub notifier: Arc<Notifier>,
    pub deadline: Instant,
    pub stop: Arc<AtomicBool>,
    /// A student program that should have kept running ended: waiting for output is pointless.
    pub student_gone: Arc<AtomicBool>,
    pub problems: Arc<Mutex<Vec<String>>>,
}

impl Script {
    pub fn run_in_background(self, stdin: Option<ChildStdin>) {
        std::thread::spawn(move || {
            let mut stdin = stdin;
            if let Err(problem) = self.play(&mut stdin) {
                self.problems.lock().unwrap_or_else(|e| e.into_inner()).push(problem);
            }
            if self.keep_open {
                while !self.stop.load(Ordering::SeqCst) {
                    self.notifier.wait(POLL);
                }
            }
            drop(stdin);
        });
    }

    fn play(&self, stdin: &mut Option<ChildStdin>) -> Result<(), String> {
        // Each wait only looks at lines after the one the previous wait on that process matched.
        let mut cursors = vec![0usize; self.names.len()];
        for (index, step) in self.steps.iter().enumerate() {
            if let Some((watched, pattern)) = &step.wait_for {
                let found = loop {
                    if self.stop.load(Ordering::SeqCst) || self.student_gone.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                    let log = self.logs.lock().unwrap_or_else(|e| e.into_inner())[*watched].clone();
                    if let Some(at) = log.and_then(|log| log.find(cursors[*watched], None, pattern)) {
                        break at;
                    }
                    if Instant::now() >= self.deadline {
                        return Err(tr!(
                            "run-stdin-waited-in-vain",
                            process = self.process.clone(),
                            step = index + 1,
                            other = self.names[*watched].clone(),
                            pattern = pattern.to_string()
                        ));
                    }
                    self.notifier.wait(POLL);
                };
                cursors[*watched] = found + 1;
            }
            if let Some(line) = &step.line {
                let Some(pipe) = stdin.as_mut() else { return Ok(()) };
                let written = pipe.write_all(line.as_bytes()).and_then(|()| pipe.write_all(b"\n"));
                match written.and_then(|()| pipe.flush()) {
                    Ok(()) => {}
                    // The program closed its input or ended: it reads no more, whether this line was
                    // written just before or just after. What it did is for the checks to judge.
                    Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                    Err(err) => {
                        return Err(tr!(
                            "run-stdin-cannot-send",
                            process = self.process.clone(),
                            step = index + 1,
                            line = format!("{line:?}"),
                            error = err.to_string()
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}
