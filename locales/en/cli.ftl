# The command-line conventions every program shares (harness/cli.rs, harness/i18n.rs).

cli-lang-unknown = unknown language '{ $given }' (available: { $available })
cli-arg-lang = Language of what the program prints: { $available } (default: from LC_ALL, LC_MESSAGES or LANG; English otherwise)
cli-arg-help = Print help
cli-arg-version = Print version
cli-heading-usage = Usage:
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-see-help = (see --help)
cli-error-unknown-argument = unexpected argument '{ $argument }'
cli-error-unknown-subcommand = unknown subcommand '{ $subcommand }'
cli-error-invalid-value = invalid value '{ $value }' for '{ $argument }' (possible values: { $valid })
cli-error-value-validation = invalid value '{ $value }' for '{ $argument }': { $cause }
cli-error-missing-argument = the following required arguments were not provided: { $argument }
cli-error-missing-subcommand = a subcommand is required
cli-error-conflict = the argument '{ $argument }' cannot be used with '{ $other }'
cli-error-other = { $message }

## Values given on a command line (parse_socket_addr, parse_size, parse_duration, check_writable).
cli-addr-not-an-address = '{ $text }' is not an address (expected IP:PORT or HOST:PORT, e.g. 127.0.0.1:3500 or [::1]:3500)
cli-addr-no-address = '{ $text }' resolves to no address (expected IP:PORT or HOST:PORT, e.g. 127.0.0.1:3500 or [::1]:3500)
cli-size-not-a-size = '{ $text }' is not a size (expected e.g. 1200, 64K or 1MiB)
cli-size-unknown-unit = '{ $text }' has an unknown unit (use B, K, M, G or T)
cli-size-too-large = '{ $text }' is too large
cli-size-zero = the size must be at least 1 byte
cli-size-under-minimum = '{ $text }' is under the minimum of { $minimum }
cli-size-over-limit = '{ $text }' is over the limit of { $limit }
cli-write-is-folder = cannot write { $path }: it is a folder
cli-write-no-folder = cannot write { $path }: the folder { $folder } does not exist
cli-write-not-writable = cannot write { $path }: { $folder } is not writable ({ $reason })
cli-duration-not-a-duration = '{ $text }' is not a duration (expected e.g. 2s or 250ms)
cli-duration-invalid = '{ $text }' is not a valid duration
cli-duration-zero = the duration must be more than 0
cli-warning = warning:
