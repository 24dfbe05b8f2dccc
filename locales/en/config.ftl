# Mistakes in labs.toml (harness/config/).

config-text-unknown-lang = '{ $code }' is not a language socklab has (available: { $available })
config-text-missing-lang = no '{ $lang }' text (it has: { $has }); add { $lang } = "…", or fallback-lang = "en" at the top of the file
config-text-missing-lang-and-fallback = neither '{ $lang }' nor the fallback-lang '{ $fallback }' text (it has: { $has })

## Labs, processes and checks (harness/config/validate.rs).
config-nothing = nothing
config-lab-name-taken = another lab has this name
config-var-no-value = {"{"}var:{ $name }{"}"} has no value: add it to [vars] (it has: { $has })
config-event-no-process = {"{"}event:{ $process }:...{"}"} names no process of this lab
config-lab-name-word = a lab name is one word without '/'
config-lab-no-process = a lab needs at least one [[lab.process]]
config-process-name-taken = another process of this lab has this name
config-param-in-lab = {"{"}param:{ $name }{"}"} is only for experiments ([[experiment]])
config-host-name-invalid = { $name } is not a name of letters, digits, - and _
config-host-name-taken = another host of this lab has this name
config-too-many-hosts = at most { $max } hosts per lab
config-no-host = the lab has no [[lab.host]] named { $name }
config-host-placeholder-no-host = {"{"}host:{ $host }{"}"}: the lab has no [[lab.host]] named { $name }
config-command-empty = the command needs at least a program
config-student-command-empty = the student command needs at least a program
config-student-needs-socket-ready = a role with a student command needs socket readiness (ready = {"{"} udp = "ADDR" {"}"} or {"{"} tcp = "ADDR" {"}"}): student programs print what they like
config-freeze-itself = a process cannot freeze itself
config-stdin-step-empty = a stdin step needs `line`, `wait-for` or both
config-waits-for-itself = process '{ $process }' waits (through after-ready/after-exit) for itself
config-check-no-condition = a check needs a condition: { $conditions }
config-live-and-after = `running` and `listening` are judged while processes run, the other conditions after they ended: put them in separate checks
config-only-if-first = no check named '{ $name }' before this one in the lab (only-if names an earlier check)
config-only-if-unknown = no check named '{ $name }' before this one in the lab (only-if names an earlier check: { $earlier })
config-only-true-opposite = `{ $field }` can only be true (for the opposite, use `exit` or `leaves-nothing-running`)
config-only-true = `{ $field }` can only be true
config-needs-file = `{ $field }` goes with `file`
config-holds-with-digest = `holds` is about a folder: no `sha256` or `same-as` with it
config-sha256-and-same-as = use `sha256` or `same-as`, not both
config-sha256-digits = expected 64 hexadecimal digits
config-needs-process = `{ $field }` needs `process = "NAME"`
config-listening-form = expected "udp ADDR" or "tcp ADDR"
config-submission-only-in-student = {"{"}submission{"}"} only exists when grading: use it in a process's `student` command
config-fixed-port-not-a-port = { $name } = { $text } gives '{ $rendered }', which is not a port (1-65535)
config-fixed-port-not-a-placeholder = '{ $name }' is not a port placeholder (write port = 3500 or "port:NAME" = 3501)
config-fixed-port-zero = a fixed port cannot be 0
config-no-process = no process named '{ $name }' in this lab (it has: { $has })
config-invalid-regex = invalid regex
config-bad-regex = bad regex { $pattern }: { $reason }
config-unknown-packet-kind = unknown packet kind { $kind } (known: { $known })
config-packet-counts = give one of count, at-least, at-most, largest-at-most and largest-at-least
config-packet-largest = largest-at-most and largest-at-least are for kind = "data-segment" (and it needs one of them)
config-packet-endpoint = { $text } is not IP:PORT, IP or :PORT

## The file as a whole, lab sets, --set (harness/config/mod.rs, sets.rs).
config-none = none
config-cannot-read = cannot read the labs file: { $reason }
config-cannot-read-not-found = cannot read the labs file: { $reason }; looked for { $looked }: socklab reads labs.toml in the current folder, so run it from the repository root or name the file with --labs FILE
config-no-lab-set = --lab-set { $name }: no [[lab-set]] named '{ $name }' (it has: { $has })
config-no-variable = no variable '{ $name }' in [vars] (it has: { $has })
config-lab-set-name-taken = another lab set has this name
config-lab-set-empty = a lab set needs at least one lab
config-lab-set-no-lab = no lab named '{ $name }' in this file
# What serde and toml say in English, said again in another language (never shown in English:
# English keeps their own words).
config-serde-unknown-key = unknown key `{ $key }`, expected one of { $expected }
config-serde-unknown-key-none = unknown key `{ $key }`: this table takes no keys
config-serde-missing-key = missing key `{ $key }`
config-serde-duplicate-key = the key `{ $key }` is given twice
config-serde-unknown-value = unknown value `{ $value }`, expected one of { $expected }
config-serde-invalid-type = wrong type: { $found }, expected { $expected }
config-serde-invalid-value = invalid value: { $found }, expected { $expected }

## Experiments (harness/config/experiments.rs).
config-experiment-name-taken = another experiment has this name
config-experiment-name-word = an experiment name is one word without '/'
config-parameter-no-values = a parameter needs values
config-quick-values-empty = quick-values is empty
config-parameter-name-taken = another parameter has this name
config-experiment-process-name-taken = another process of this experiment has this name
config-experiment-no-process = an experiment needs [[experiment.process]]
config-experiment-host = hosts are for labs ([[lab.host]]), not experiments
config-param-unknown = {"{"}param:{ $name }{"}"} names no parameter (this experiment has: { $has })
config-metric-name-taken = '{ $name }' is already a parameter, a machine fact or a metric
config-metric-expr-and-event = a metric has `expr` or `process`/`event`/`field`, not both
config-expr-unknown-name = '{ $name }' is not a parameter, a machine fact or a metric defined above (known: { $known })
config-metric-no-source = a metric needs `expr`, or `process` and `event` (and usually `field`)
config-metric-no-process = no process named '{ $name }' (it has: { $has })
config-aggregate-unknown = expected first, last, sum, count, min or max
config-aggregate-needs-field = this aggregate needs the `field` to read
config-condition-form = expected a value, or bounds {"{"} below, at-most, above, at-least {"}"} = NUMBER
config-relation-unknown = expected equals, at-least or at-most
config-plot-not-a-parameter = '{ $name }' is not a parameter (parameters: { $has })
config-no-metric = no metric named '{ $name }' (metrics: { $has })
# What a key's value should be, in a "wrong type" error (harness/config/schema.rs).
config-expect-exit = an exit code 0-255 or one of "success", "failure", "killed"
config-expect-names = a process name or a list of process names
