//! `socklab sweep`: parameter sweeps over the lab programs (backlog, buffer sizes), repeated, tabulated
//! and plotted beside the kernel's own model.

pub mod machine;
pub mod report;
pub mod results;
