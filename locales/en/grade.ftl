# socklab grade and socklab merge (harness/grade/): messages, reasons of the grading itself, reports.

## Merging parts (harness/grade/results.rs)

grade-merge-interrupted = part { $part } was interrupted (Ctrl-C), so its results are partial: grade that part again
grade-merge-nothing = nothing to merge
grade-merge-different-labs = the parts graded different labs ({ $first } vs { $other })
grade-merge-submission-twice = submission '{ $submission }' appears in more than one part
grade-merge-different-languages = part { $part } was graded in '{ $lang }', part 1 in '{ $first }': their reasons are in different languages; grade every part with the same --lang
grade-merge-not-sharded = part { $part } was not graded with --shard, the others were
grade-merge-shard-count = part { $part } is shard { $index }/{ $count }, but another part is a shard of { $expected }
grade-merge-shard-twice = shard { $index }/{ $count } is given twice
grade-merge-shards-missing = { $count ->
   *[other] shard(s)
} { $shards } missing: the merged reports would leave their submissions out (grade them, or merge every part)

## Reasons and notes of the grading itself (harness/grade/run.rs, overview.rs)

grade-no-reason = failed, with no reason given
grade-isolation-namespaces = each lab run in network, PID and mount namespaces of its own (private loopback, private /tmp, only its own copy of the submission in view), as an unprivileged account leased for that run, with CPU, memory, process and file-size limits
grade-isolation-account-root = as an unprivileged account of its own
grade-isolation-account-user = as the user who ran socklab (it could read and change that user's files)
grade-isolation-unisolated = UNISOLATED (--unisolated): no namespaces, so labs with fixed ports ran one at a time on the machine's loopback and student code ran { $account }, with CPU, memory, process and file-size limits, on a private copy
grade-env-panic = socklab failed while grading this lab
grade-env-isolate = socklab could not isolate this lab: { $error }
grade-env-port-taken = { $port } was already taken by another program on this machine before the lab started, so the student's program could not have it; stop that program and grade again
grade-env-account = socklab could not lease an account for this run: { $error }
grade-env-copy = socklab could not copy the submission: { $error }
grade-env-skipped = this lab could not be played here: { $why }
grade-env-port-lost = another program on this machine took the lab's port during the run ('Address already in use'); grade again with the machine's loopback free, or as root so that each run has its own
grade-env-not-installed = { $program } is not installed on the grading machine (looked in { $path }), so the submission could not run
grade-file-not-found = { $file } not found in the submission
grade-interrupted-reason = not judged: grading was interrupted (Ctrl-C) before this lab run ended
grade-flaky-reason = passed { $passed } of { $total } runs; a failing run said: { $failure }

## The command line (harness/grade/cli.rs)

grade-arg-dir = A folder with one sub-folder per submission (or, with --one, a single submission).
grade-arg-lab = Grade only this lab (repeat for more; default: every lab with a student command).
grade-arg-jobs = Lab runs at the same time (default: 12 per CPU, fewer if memory is short).
grade-arg-repeat = Play each lab N times; a check whose verdict changes is flaky and not scored.
grade-arg-shard = Grade only the K-th of N slices of the submissions (sorted by name), e.g. 2/4.
grade-arg-one = SUBMISSIONS_DIR is itself one submission (Gradescope's /autograder/submission).
grade-arg-unisolated = Run student code without namespaces (needed when socklab is not root or namespaces are not allowed here): as you unless root, able to read and change your files, fixed-port labs one at a time on this machine's loopback.
grade-arg-max-submission-size = Refuse to copy a submission whose files add up to more than this (e.g. 64M, 1G).
grade-arg-parts = JSON results of `socklab grade --json` (one per shard).
grade-arg-csv = Write the points per submission and lab as CSV.
grade-arg-json = Write the complete results as JSON (what `socklab merge` reads).
grade-arg-junit = Write one test case per check as JUnit XML.
grade-arg-gradescope = Write Gradescope's results.json (exactly one submission).
grade-arg-html = Write one self-contained HTML report: the class overview (score histogram, checks most failed first with their reasons), the scores table and every submission's checks and output.
grade-arg-checks-csv = Write the class overview's checks as CSV, most failed first: passed, failed, pass rate, the most common reason and who failed each one.
grade-size-invalid = '{ $text }' is not a size (expected e.g. 64M, 1G or 500000)
grade-size-over = '{ $text }' is over the limit of 1TiB
grade-shard-invalid = '{ $text }' is not K/N with 1 <= K <= N, e.g. 1/4
grade-error = error: { $message }
grade-note-skipped = note: not graded: { $folders }
grade-empty-shard = shard { $index }/{ $count } holds no submission ({ $dir } has { $total }, fewer than the { $count } shards): nothing graded
grade-gradescope-not-one = error: --gradescope writes one submission's results, but { $count } would be graded (use --one)
grade-no-isolation = error: student code cannot be isolated here ({ $why }), so it would run as you, could read and delete your files (the class folder included) and would share this machine's loopback; run socklab grade as root, or pass --unisolated to grade anyway
grade-no-isolation-root = namespaces cannot be created: in a container, allow them (e.g. --cap-add SYS_ADMIN)
grade-no-isolation-user = socklab is not root, so it can make no namespaces and no accounts
grade-unisolated-warning = warning: --unisolated: no namespaces, so student code will run { $how } and labs with fixed ports one at a time on this machine's loopback
grade-unisolated-as-account = as an unprivileged account
grade-unisolated-as-you = as you (it can read and change your files)
grade-signal-handlers = cannot install signal handlers
grade-environment-errors = error: { $count } lab run(s) could not be judged because of the grading environment (see 'error' above); they are not scored: fix the cause and grade those submissions again
grade-cannot-read = cannot read { $path }
grade-cannot-write = cannot write { $path }
grade-merge-not-results = error: { $path }: not the JSON of `socklab grade --json`: { $error }
grade-no-such-lab = no lab named '{ $name }' in { $file } (see `socklab list`)
grade-lab-not-gradable = lab '{ $name }' has no process with a `student` command: it cannot grade
grade-no-gradable-lab = no lab in { $file } has a process with a `student` command
grade-not-a-folder = { $dir } is not a folder
grade-default-name = submission
grade-cannot-read-dir = cannot read { $dir }: { $error }
grade-skipped-link = { $name } (a link to no folder)
grade-skipped-macosx = { $name } (macOS zip metadata)
grade-skipped-hidden = { $name } (hidden)
grade-skipped-not-utf8 = { $name } (its name is not UTF-8)
grade-no-subfolders = { $dir } has no sub-folders to grade (for one submission, add --one)
grade-progress = grading {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} lab runs {"{"}elapsed{"}"}

## The terminal table and class overview (harness/grade/report/terminal.rs)

grade-table-submission = submission
grade-table-total = total
grade-table-average = average
grade-table-error = error
grade-table-interrupted = interrupted
grade-table-flaky-note = ~ a check of this lab was flaky (its verdict changed between runs) and was not scored
grade-table-problem = problem { $submission } { $lab }: { $problem }
grade-table-environment-error = error { $submission } { $lab }: not graded, the grading environment failed: { $error }
grade-table-count = { $count } submission(s); { $isolation }
grade-table-partial = PARTIAL RESULTS: grading was interrupted (Ctrl-C); lab runs that had not ended are marked '{ $interrupted }' and not scored
grade-overview-scores = scores (share of the maximum):
grade-overview-all-passed = every judged check was passed by every submission
grade-overview-most-failed = most failed checks (passed of judged):
grade-overview-passed-of = { $passed } of { $judged }
grade-overview-similar = (and { $count } similar)
grade-overview-more-checks = ({ $count } more checks failed by someone: --html or --checks-csv lists them all)

## The HTML report (harness/grade/report/html/)

grade-html-title = socklab grades
grade-html-scores = Scores
grade-html-partial = PARTIAL RESULTS: grading was interrupted (Ctrl-C).
grade-html-partial-detail = Lab runs that had not ended are marked interrupted and not scored; grade again for a complete report.
grade-html-summary = { $submissions } submission(s), { $labs } lab(s). Isolation: { $isolation }.
grade-html-problem = problem: { $problem }
grade-html-packets = packets
grade-html-verdict-passed = passed
grade-html-verdict-failed = FAILED
grade-html-verdict-flaky = flaky
grade-html-verdict-error = ERROR (grading environment, not scored)
grade-html-verdict-interrupted = INTERRUPTED (not judged, not scored)
grade-html-output = { $process } output:
grade-html-overview = Class overview
grade-html-histogram-label = score histogram
grade-html-histogram-caption = Total score as a share of its maximum: how many of the { $submissions } submission(s) are in each band.
grade-html-histogram-caption-unscored = Total score as a share of its maximum: how many of the { $submissions } submission(s) are in each band ({ $unscored } with nothing judged are left out).
grade-html-labs = Labs, lowest average first
grade-html-labs-lab = lab
grade-html-labs-average = average (share of the maximum)
grade-html-labs-full-marks = full marks
grade-html-checks = Checks, most failed first
grade-html-checks-check = check
grade-html-checks-passed = passed
grade-html-checks-why = why they failed
grade-html-no-failure = no failure
grade-html-more-reasons = { $count } more, for { $reasons } other reason(s)
grade-html-who = who
grade-html-flaky = { $count } flaky
grade-html-not-judged = { $count } not judged

## JUnit XML and Gradescope's results.json (harness/grade/report/junit.rs, gradescope.rs)

grade-junit-environment-error = grading environment error, not scored: { $reason }
grade-junit-cannot-write = cannot write JUnit XML: { $error }
grade-gradescope-one = Gradescope's results.json holds one submission, but { $count } were graded (grade one folder with --one)
grade-gradescope-ok = ok
grade-gradescope-environment = not graded: the grading machine failed, not your code ({ $reason })
grade-gradescope-interrupted = not graded: the grading was stopped before this check was judged; ask for a regrade
grade-gradescope-summary = socklab graded { $count } lab(s); { $isolation }
grade-gradescope-not-complete = NOT COMPLETE: the grading was stopped before every lab was judged; ask for a regrade
grade-gradescope-not-graded = NOT GRADED because of the grading machine (the score is incomplete; ask for a regrade): { $labs }
