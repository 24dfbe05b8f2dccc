# The socklab command (harness/app.rs): its help, the lab listing, sweeps and their errors.

app-about = Play the socket-lab scenarios of labs.toml with the reference programs and check what happened
app-after-help =
    Examples:
      socklab run                  # every lab
      socklab run udp-allowlist    # one lab
      socklab list
      socklab sweep backlog        # an experiment: sweeps/backlog.{"{"}csv,md,svg,json{"}"}
      socklab sweep --list

    The labs.toml format is documented in docs/LABS.md, the experiments in docs/EXPERIMENTS.md.
app-arg-labs = The labs file
app-arg-set = Give a variable of labs.toml's [vars] another value (repeatable), e.g. --set shutdown=FIN
app-arg-lab-set = Only the labs of this [[lab-set]] (see `socklab list`), with the variable values it gives
app-arg-line-width = The longest line of a program's output that reports show; the rest of a longer line is cut, with how much (checks still see up to 1MiB of each line)

app-cmd-run = Play labs (all of them, or the ones named) and check what happened
app-cmd-list = List the labs, one line each
app-cmd-grade = Grade student submissions on the labs that have student commands, and report the scores
app-cmd-grade-after-help =
    Examples:
      socklab grade submissions/ --html grades.html --csv grades.csv
      socklab grade submissions/ --shard 2/4 --json part2.json
      socklab grade /autograder/submission --one --gradescope /autograder/results/results.json
app-cmd-merge = Combine the --json results of several `socklab grade --shard` runs into one report
app-cmd-gradescope-bundle = Write Gradescope's autograder zip (setup.sh, run_autograder, the labs file, static binaries)
app-cmd-sweep = Run an experiment (a parameter sweep) and write NAME.csv, .md, .svg and .json

app-sweep-after-help =
    Examples:
      socklab sweep --list
      socklab sweep backlog --repeat 5
      socklab sweep udp-truncation --quick --out /tmp/sweeps
      socklab sweep --from docs/experiments/backlog.json --out /tmp/sweeps
app-sweep-arg-name = The experiment to run (see --list)
app-sweep-arg-from = Write the table, CSV and plot again from the NAME.json of an earlier sweep, without running anything (e.g. after an upgrade of socklab changed the plots)
app-sweep-arg-list = List the experiments, one line each
app-sweep-arg-repeat = Runs per point (default: the experiment's `repeat`)
app-sweep-arg-out = Where to write NAME.csv, NAME.md, NAME.svg and NAME.json
app-sweep-arg-quick = Only the experiment's quick values (a few points), for a fast look
app-sweep-arg-jobs = Runs at the same time, for experiments whose points may run in parallel (default: the number of CPUs)

app-run-arg-names = Labs to play (default: all)
app-run-arg-jobs = Labs played at the same time (default: the number of CPUs)
app-run-arg-json = Print the report as JSON on stdout instead of text
app-run-arg-junit = Also write the report as JUnit XML to FILE
app-run-arg-keep-logs = Save every process's stdout and stderr under DIR/LAB/PROCESS.{"{"}stdout,stderr{"}"}

app-lab-set-with-sweep = --lab-set selects labs for run, grade and list; an experiment is chosen by name
app-set-not-assignment = '{ $text }' is not NAME=VALUE, e.g. --set shutdown=FIN
app-no-experiment = no experiment named '{ $name }' in { $file } (see `socklab sweep --list`)
app-no-labs = { $file } has no [[lab]]: there is nothing to run (docs/LABS.md has the format)
app-no-lab = no lab named '{ $name }' in { $file } (see `socklab list`)
app-no-signal-handlers = cannot install signal handlers
app-cannot-save-logs = cannot save logs of { $lab }: { $reason }
app-cannot-read = cannot read { $path }: { $reason }
app-cannot-create = cannot create { $path }
app-cannot-write = cannot write { $path }
app-cannot-draw = cannot draw the plot: { $reason }
app-not-sweep-json = { $path }: not the JSON of `socklab sweep`: { $reason }

# The sweep's progress bar (an indicatif template: only the words between the {…} fields change).
app-progress-template = {"{"}prefix{"}"} [{"{"}bar:30{"}"}] {"{"}pos{"}"}/{"{"}len{"}"} runs, {"{"}elapsed{"}"} ({"{"}eta{"}"} left) {"{"}msg{"}"}
app-sweep-interrupted = interrupted: nothing written
app-sweep-done = { $name }: { $runs } runs, { $flagged } point(s) disagree with the model
app-wrote = wrote { $path }

# socklab list
app-list-points = { $points } pts
app-list-lab-sets = Lab sets (socklab grade DIR --lab-set NAME):
app-list-set-counts = { $labs ->
        [one] 1 lab
       *[other] { $labs } labs
    }, { $points } pts
app-list-set-vars = with { $vars }
