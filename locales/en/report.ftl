# The report of `socklab run` (harness/report/terminal.rs).

report-verdict-skip = skip
report-verdict-ok = ok
report-verdict-failed = FAILED
report-skipped = skipped: { $why }
report-problem = problem: { $problem }
report-check-failed = check '{ $check }' failed: { $reason }
report-tail-of = , last { $shown } of { $total } lines
report-interrupted = interrupted: the remaining labs were not run
report-summary-passed = { $count } passed
report-summary-failed = { $count } failed
report-summary-skipped = { $count } skipped
