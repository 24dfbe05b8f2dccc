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
