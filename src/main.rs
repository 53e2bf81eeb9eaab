// The parsers allocate many small strings; mimalloc serves them faster than the system
// allocator (measured in docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nengbao::cli::main()
}
