//! `[[lab-set]]`: the labs of one task set (the guide's UDP part, a course's own echo...) named once,
//! so an instructor grades them with `--lab-set NAME` instead of a list of `--lab`, and a course that
//! reuses labs with its own port or file names gives those values with the set instead of copying labs.

use std::collections::{BTreeMap, HashSet};

use super::schema::{LabSetSpec, LabSpec};
use super::validate::{Result, at};
use super::{LabSet, listed};
use crate::tr;

/// Checks every set: a unique name, at least one lab, each lab in the file, each variable one of
/// `[vars]`.
pub(super) fn lab_sets(
    specs: &[LabSetSpec],
    labs: &[LabSpec],
    vars: &BTreeMap<String, String>,
) -> Result<Vec<LabSet>> {
    let mut seen = HashSet::new();
    let mut sets = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let key = format!("lab-set[{index}]");
        let name = spec.name.get_ref();
        if !seen.insert(name.clone()) {
            return Err(at(spec.name.span(), format!("{key}.name"), tr!("config-lab-set-name-taken")));
        }
        if spec.labs.is_empty() {
            return Err(at(spec.name.span(), format!("{key}.labs"), tr!("config-lab-set-empty")));
        }
        for (at_index, lab) in spec.labs.iter().enumerate() {
            if !labs.iter().any(|known| known.name.get_ref() == lab.get_ref()) {
                return Err(at(
                    lab.span(),
                    format!("{key}.labs[{at_index}]"),
                    tr!("config-lab-set-no-lab", name = lab.get_ref().clone()),
                ));
            }
        }
        for variable in spec.vars.keys() {
            if !vars.contains_key(variable.get_ref()) {
                return Err(at(
                    variable.span(),
                    format!("{key}.vars.{}", variable.get_ref()),
                    tr!(
                        "config-no-variable",
                        name = variable.get_ref().clone(),
                        has = listed(vars.keys().map(String::as_str))
                    ),
                ));
            }
        }
        sets.push(LabSet {
            name: name.clone(),
            summary: spec.summary.get_ref().resolved().to_owned(),
            labs: spec.labs.iter().map(|lab| lab.get_ref().clone()).collect(),
            vars: spec.vars.iter().map(|(name, value)| (name.get_ref().clone(), value.clone())).collect(),
        });
    }
    Ok(sets)
}
