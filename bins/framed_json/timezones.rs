//! The current time in a country (seed 000's typed request 1).
//!
//! Which zones a country uses comes from the tz database's country table (`data/zone.tab`, release
//! 2025b, public domain, one row per zone with its ISO 3166 country code); the clock arithmetic,
//! daylight saving included, from the same release compiled into the `chrono-tz` crate.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

const ZONE_TAB: &str = include_str!("data/zone.tab");

/// One zone of a country and its local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// The zone's tz name, e.g. `America/Argentina/Buenos_Aires`.
    pub zone: String,
    /// RFC 3339 local time with its UTC offset, to the second.
    pub time: String,
}

/// The local time at `now` in every zone of the country whose ISO 3166 alpha-2 code is `code`
/// (either case), in the table's order; an error that says why for anything else.
pub fn local_times(code: &str, now: DateTime<Utc>) -> Result<Vec<LocalTime>, String> {
    let wanted = code.trim().to_ascii_uppercase();
    if wanted.len() != 2 || !wanted.bytes().all(|byte| byte.is_ascii_uppercase()) {
        return Err(format!("{code:?} is not a country code: give two letters (ISO 3166), e.g. \"AR\""));
    }
    let times: Vec<LocalTime> = zones_of(&wanted)
        .filter_map(|name| Tz::from_str(name).ok())
        .map(|zone| LocalTime {
            zone: zone.name().to_owned(),
            time: now.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::Secs, false),
        })
        .collect();
    if times.is_empty() {
        return Err(format!("no time zone is known for the country code {wanted:?}"));
    }
    Ok(times)
}

/// The zone names of one country in `zone.tab`: code, coordinates, zone, comment, tab-separated.
fn zones_of(code: &str) -> impl Iterator<Item = &'static str> + '_ {
    let code = code.to_owned();
    ZONE_TAB.lines().filter(|line| !line.starts_with('#')).filter_map(move |line| {
        let mut columns = line.split('\t');
        let country = columns.next()?;
        let zone = columns.nth(1)?;
        (country == code).then_some(zone)
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_country_with_one_zone_gets_its_local_time_with_the_offset() {
        let times = local_times("uy", noon()).unwrap();
        assert_eq!(
            times,
            [LocalTime { zone: "America/Montevideo".into(), time: "2026-01-15T09:00:00-03:00".into() }]
        );
    }

    #[test]
    fn a_country_with_several_zones_gets_all_of_them_and_daylight_saving_counts() {
        let times = local_times("AR", noon()).unwrap();
        assert_eq!(times.len(), 12);
        assert_eq!(times[0].zone, "America/Argentina/Buenos_Aires");
        let madrid = local_times("ES", Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()).unwrap();
        assert_eq!(madrid[0].time, "2026-07-01T14:00:00+02:00");
    }

    #[test]
    fn every_zone_in_the_table_is_known_to_the_clock() {
        let names: Vec<&str> = ZONE_TAB
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').nth(2))
            .collect();
        assert!(names.len() > 400);
        let unknown: Vec<&&str> = names.iter().filter(|name| Tz::from_str(name).is_err()).collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn codes_that_are_not_countries_are_refused_with_a_reason() {
        assert!(local_times("XX", noon()).unwrap_err().contains("no time zone is known"));
        assert!(local_times("ARG", noon()).unwrap_err().contains("two letters"));
        assert!(local_times("", noon()).unwrap_err().contains("two letters"));
    }
}
