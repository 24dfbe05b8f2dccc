# The process runner: how a process ended, why a lab could not be played, and the errors of the
# sandbox, the capture, the placeholders and the programs socklab starts.

run-not-started = not started
run-still-running = still running
run-status-and-left = { $status }, and left { $left }
run-left-behind = { $what } (socklab stopped it): run the program in the foreground
run-exit = exit { $code }
run-exit-stopped = exit { $code } (stopped by socklab)
run-killed = killed by { $signal }
run-killed-stopped = killed by { $signal } (stopped by socklab)
run-background-running = processes in the background{ $commands } running
run-background-serving = processes in the background{ $commands } serving { $serving }
run-ready-address-invalid = process { $process }: ready address '{ $addr }' is not IP:PORT
run-interrupted = interrupted
run-lab-timeout = the lab did not finish within { $limit }
run-not-frozen = { $name } could not be frozen (SIGSTOP) within { $limit }
run-before-ready = before it was ready
run-within = within { $limit }
run-not-exited-within = { $name } did not exit within { $limit }
run-waited-for-ended = { $name } waits for { $other } to be ready, but it ended first
run-cannot-start = cannot start { $name } ({ $program }): { $error }
run-ended-before-line = { $name } ended ({ $status }) before it printed a line matching /{ $pattern }/ on { $stream }
run-never-line = { $name } never printed a line matching /{ $pattern }/ on { $stream } { $when }
run-ended-before-listening = { $name } ended ({ $status }) before it listened on { $proto } { $addr }
run-never-listened = { $name } never listened on { $proto } { $addr } { $when }
run-ended-before-ready = { $name } ended ({ $status }) before it was ready
run-never-ready = { $name } never was ready { $when }
run-nothing = nothing
run-survived-sigkill = process group { $group } survived SIGKILL
run-stdin-waited-in-vain = { $process }'s stdin step { $step } waited in vain for { $other } to print a line matching /{ $pattern }/
run-stdin-cannot-send = { $process }'s stdin step { $step }: cannot send { $line }: { $error }
run-no-free-port = no free port found on 127.0.0.1

# Placeholders of labs.toml (harness/template.rs).
run-repeat-usage = { $placeholder } is not { $usage }, e.g. { $example }
run-repeat-too-long = { $placeholder } makes more than { $most } bytes, the most one argument can hold
run-lone-closing-brace = a lone { $brace } (write { $literal } for a literal brace)
run-unclosed-brace = a { $open } without its { $close } (write { $literal } for a literal brace)
run-event-usage = { $placeholder } is not { $usage }
run-unknown-placeholder = unknown placeholder { $placeholder } (known: { $known })
run-no-value = no value for { $placeholder }
run-only-when-grading = { $placeholder } is only known when grading
run-no-such-host = the lab has no host { $name }
run-no-event-field = { $process } printed no `{ $event }` event with a `{ $field }`
run-param-outside-experiment = { $placeholder } outside an experiment
run-bad-file-pattern = bad file pattern { $pattern }: { $error }
run-several-files-match = several files match { $pattern }: { $files }; name the one to grade { $name }
run-or = or
run-no-entry-file = no { $wanted } in the submission (it holds: { $held })
run-no-entry-file-below = no { $wanted } in the submission (it holds: { $held }; { $found } is in { $folder }: put the files at the top of the submission)

# The socklab programs a lab runs (harness/programs.rs).
run-no-executable = cannot find the socklab executable
run-programs-missing = { $programs } not found next to socklab in { $dir }: build every program first with `{ $command }`
run-building-programs = note: building the lab programs socklab runs ({ $programs }) with `{ $command }`
run-programs-not-built = `{ $command }` did not build { $programs } in { $dir }
run-cannot-run = cannot run { $program }
run-build-failed = `{ $command }` failed ({ $status }); its errors are above

# Hosts, sandbox and capture.
run-cannot-enter-host = cannot enter a host's network: { $error }
run-cannot-leave-host = cannot come back from a host's network: { $error }
run-host-thread-failed = the thread making a host's namespace failed
run-cannot-run-ip = cannot run ip (iproute2), which lab hosts need: { $error }
run-ip-failed = ip { $args } failed: { $error }
run-cannot-lock = cannot lock { $path }: { $error }
run-accounts-leased = all { $count } grading accounts are leased (see { $dir })
run-no-network-namespace = cannot create a network namespace ({ $error }); run as root to isolate labs
run-path-with-nul = a path with a NUL byte
run-too-many-kept-folders = at most { $most } folders can be kept visible
run-no-pid-namespace = cannot create a PID namespace ({ $error })
run-submission-too-large = the submission holds { $total } of files, over the grading limit of { $limit } (its largest file, { $largest }, is { $size }); remove what the program does not need
run-capture-needs-root = --capture needs root: each lab is recorded in a network namespace of its own
run-cannot-keep-captures = cannot keep captures in { $dir }: { $error }
run-captures-not-a-folder = cannot keep captures in { $dir }: it is not a folder
run-no-packet-socket = cannot open a packet socket ({ $error }); capture needs root
run-cannot-create = cannot create { $path }: { $error }
run-capture-thread-failed = the capture thread failed
run-offload-not-off = cannot turn segmentation offload off on { $interface }: { $error }
run-cannot-open = cannot open { $path }: { $error }
run-not-pcap = { $path } is not a pcap file: { $error }

# What the lab programs say about their sockets (harness/sockopt.rs, harness/accept.rs).
run-buffer-granted = { $option }: asked for { $asked } bytes, the kernel granted { $granted }
run-buffer-capped = capped at { $sysctl } = { $max }, then doubled
run-buffer-doubled = Linux doubles it: half is kernel bookkeeping
run-buffer-minimum = the kernel's minimum
run-accept-failing = accept failed: { $error }; serving the { $open } connection(s) already open, and trying again less and less often (up to every { $seconds }s) until it works
run-accept-recovered = accept() works again, after { $failures } failed attempts over { $seconds }s
run-accept-failed = accept failed
