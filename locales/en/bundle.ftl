# socklab gradescope-bundle (harness/bundle.rs).

bundle-after-help =
    Examples:
      socklab gradescope-bundle --lab-set udp -o autograder.zip
      socklab --labs course.toml gradescope-bundle --lab grade-udp-echo --lab grade-udp-address -o udp.zip
      socklab gradescope-bundle --bin-dir target/x86_64-unknown-linux-musl/release -o autograder.zip

    Upload the zip as the autograder of a Gradescope programming assignment (Ubuntu 22.04 base image).
bundle-arg-output = Where to write the zip; an existing file is replaced only if it is a zip
bundle-arg-lab = Grade only this lab (repeat for more; default: every lab with a student command)
bundle-arg-bin-dir = Take the static binaries (socklab and the lab programs) from DIR instead of building them with `cargo build --release --target x86_64-unknown-linux-musl`

bundle-build-hint = run `cargo run --release --bin socklab -- gradescope-bundle ...` from socklab's repository, which builds them, or build them with `CC_x86_64_unknown_linux_musl=cc CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --target x86_64-unknown-linux-musl --bins` and pass --bin-dir target/x86_64-unknown-linux-musl/release
bundle-cannot-read = cannot read { $path }
bundle-cannot-read-reason = cannot read { $path }: { $reason }
bundle-cannot-write = cannot write { $path }
bundle-cannot-write-in = cannot write in { $path }
bundle-cannot-add = cannot add { $path }
bundle-cannot-finish = cannot finish the zip
bundle-cannot-run = cannot run { $program }
bundle-missing-program = { $dir } has no { $name }, which the chosen labs need (programs: { $programs })
bundle-not-a-zip = refusing to overwrite { $path }: it is not a zip file
bundle-not-elf = { $path } is not a 64-bit ELF executable
bundle-not-x86-64 = { $path } is not an x86-64 executable (Gradescope's machines are x86-64)
bundle-dynamic = { $path } is dynamically linked (it needs { $interpreter }); the bundle needs static binaries: { $hint }
bundle-not-by-cargo = socklab was not started by cargo, so it cannot build the static programs: { $hint }
bundle-no-target = the Rust target { $target } is not installed, so no static programs can be built: install it with `rustup target add { $target }`, or pass --bin-dir with static binaries
bundle-building = note: building the static programs for the bundle with `{ $command }` (minutes the first time)
bundle-build-failed = `{ $command }` failed ({ $status }); its errors are above
bundle-wrote = wrote { $path } ({ $size } MiB, in { $seconds }s): { $count } lab(s) ({ $labs }), programs { $programs }, setup.sh installs { $packages }
bundle-no-packages = nothing
bundle-upload = upload it as the autograder of a Gradescope programming assignment (Ubuntu 22.04 base image)
