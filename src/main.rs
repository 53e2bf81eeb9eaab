fn main() -> std::process::ExitCode {
    nengbao::cli::main()
}
