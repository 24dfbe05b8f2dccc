# socklab gradescope-bundle (harness/bundle.rs).

bundle-after-help =
    Ejemplos:
      socklab gradescope-bundle --lab-set udp -o autograder.zip
      socklab --labs course.toml gradescope-bundle --lab grade-udp-echo --lab grade-udp-address -o udp.zip
      socklab gradescope-bundle --bin-dir target/x86_64-unknown-linux-musl/release -o autograder.zip

    Suba el zip como autograder de una tarea de programación de Gradescope (imagen base Ubuntu 22.04).
bundle-arg-output = Dónde escribir el zip; un archivo existente solo se reemplaza si es un zip
bundle-arg-lab = Califica solo este lab (repítalo para más; por omisión: todos los labs con comando de estudiante)
bundle-arg-bin-dir = Toma los binarios estáticos (socklab y los programas de los labs) de DIR en lugar de compilarlos con `cargo build --release --target x86_64-unknown-linux-musl`

bundle-build-hint = ejecute `cargo run --release --bin socklab -- gradescope-bundle ...` desde el repositorio de socklab, que los compila, o compílelos con `CC_x86_64_unknown_linux_musl=cc CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --target x86_64-unknown-linux-musl --bins` y pase --bin-dir target/x86_64-unknown-linux-musl/release
bundle-cannot-read = no se puede leer { $path }
bundle-cannot-read-reason = no se puede leer { $path }: { $reason }
bundle-cannot-write = no se puede escribir { $path }
bundle-cannot-write-in = no se puede escribir en { $path }
bundle-cannot-add = no se puede agregar { $path }
bundle-cannot-finish = no se puede terminar el zip
bundle-cannot-run = no se puede ejecutar { $program }
bundle-missing-program = { $dir } no tiene { $name }, que los labs elegidos necesitan (programas: { $programs })
bundle-not-a-zip = no se sobrescribe { $path }: no es un archivo zip
bundle-not-elf = { $path } no es un ejecutable ELF de 64 bits
bundle-not-x86-64 = { $path } no es un ejecutable x86-64 (las máquinas de Gradescope son x86-64)
bundle-dynamic = { $path } está enlazado dinámicamente (necesita { $interpreter }); el paquete necesita binarios estáticos: { $hint }
bundle-not-by-cargo = socklab no fue iniciado por cargo, así que no puede compilar los programas estáticos: { $hint }
bundle-no-target = el target de Rust { $target } no está instalado, así que no se pueden compilar programas estáticos: instálelo con `rustup target add { $target }`, o pase --bin-dir con binarios estáticos
bundle-building = nota: compilando los programas estáticos para el paquete con `{ $command }` (minutos la primera vez)
bundle-build-failed = `{ $command }` falló ({ $status }); sus errores están arriba
bundle-wrote = se escribió { $path } ({ $size } MiB, en { $seconds }s): { $count ->
        [one] 1 lab
       *[other] { $count } labs
    } ({ $labs }), programas { $programs }, setup.sh instala { $packages }
bundle-no-packages = nada
bundle-upload = súbalo como autograder de una tarea de programación de Gradescope (imagen base Ubuntu 22.04)
