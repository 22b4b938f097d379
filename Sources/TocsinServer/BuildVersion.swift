/// Which Tocsin this is, for `tocsin --version` and `tocsin_build_info`: an operator (and a dashboard) must be
/// able to tell which build is running. SwiftPM runs nothing at build time without a plugin, so `make release`
/// stamps ``stamped`` in this file with `git describe` for the binary it builds and puts the file back.
public enum BuildVersion {
    /// The release line this source belongs to.
    static let base = "0.12.0"
    /// The stamp `make release` writes (`0.12.0+<git describe>`); nil in the checked-in file.
    static let stamped: String? = nil

    /// The stamped version of a release build; `0.12.0-dev` for any other build.
    public static var version: String { stamped ?? base + "-dev" }

    /// The Swift compiler that built this binary, to its minor version.
    public static var swift: String {
        #if compiler(>=6.5)
        "6.5+"
        #elseif compiler(>=6.4)
        "6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}
