//! The client's check of what came back (`--expect`): `echo` wants the very bytes sent, `upper` wants
//! them ASCII upper-cased, `vowels` wants each ASCII vowel replaced by a digit and every other byte
//! unchanged (for servers started with that `--transform`), `any` checks nothing. The check runs on the
//! stream as it arrives, against a second reading of the payload.

use std::io::Read;

use crate::payload::fill;
use crate::transform::is_vowel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Expect {
    Echo,
    Upper,
    Vowels,
    Any,
}

impl Expect {
    pub fn name(self) -> &'static str {
        match self {
            Expect::Echo => "echo",
            Expect::Upper => "upper",
            Expect::Vowels => "vowels",
            Expect::Any => "any",
        }
    }

    fn accepts(self, sent: u8, got: u8) -> bool {
        match self {
            Expect::Echo => sent == got,
            Expect::Upper => sent.to_ascii_uppercase() == got,
            Expect::Vowels if is_vowel(sent) => got.is_ascii_digit(),
            Expect::Vowels => sent == got,
            Expect::Any => true,
        }
    }
}

pub struct Verifier {
    expect: Expect,
    expected: Box<dyn Read + Send>,
    scratch: Vec<u8>,
    received: u64,
    /// Where the echo first differed from what was sent, if it did.
    pub first_difference: Option<u64>,
}

impl Verifier {
    pub fn new(expect: Expect, expected: Box<dyn Read + Send>) -> Self {
        Self { expect, expected, scratch: Vec::new(), received: 0, first_difference: None }
    }

    pub fn check(&mut self, chunk: &[u8]) {
        if self.expect == Expect::Any || self.first_difference.is_some() {
            self.received += chunk.len() as u64;
            return;
        }
        self.scratch.resize(chunk.len(), 0);
        let available = fill(&mut self.expected, &mut self.scratch).unwrap_or(0);
        // The common case, an exact echo, is one memcmp; the byte-wise search only runs on a difference.
        if self.expect == Expect::Echo && available == chunk.len() && chunk == &self.scratch[..available] {
            self.received += chunk.len() as u64;
            return;
        }
        let differs = chunk
            .iter()
            .zip(&self.scratch[..available])
            .position(|(&got, &sent)| !self.expect.accepts(sent, got))
            .or((available < chunk.len()).then_some(available));
        if let Some(at) = differs {
            self.first_difference = Some(self.received + at as u64);
        }
        self.received += chunk.len() as u64;
    }
}
