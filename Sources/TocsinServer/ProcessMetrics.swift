import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The standard `process_*` metrics (CPU, memory, file descriptors, start time), read from `/proc` when
/// scraped, in Prometheus' text format. Empty where there is no `/proc`.
enum ProcessMetrics {
    static func exposition() -> String {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return "" }
        // Fields after the command name, starting with field 3 (state).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        let pageSize = Double(max(1, sysconf(Int32(_SC_PAGESIZE))))
        var text = ""
        func add(_ name: String, _ type: String, _ value: Double?) {
            guard let value else { return }
            text += "# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        add("process_cpu_seconds_total", "counter", field(14).flatMap { user in field(15).map { (user + $0) / ticks } })
        add("process_virtual_memory_bytes", "gauge", field(23))
        add("process_resident_memory_bytes", "gauge", field(24).map { $0 * pageSize })
        add("process_open_fds", "gauge", (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map { Double($0.count) })
        add("process_max_fds", "gauge", Double(IngressLimits.openFileLimit()))
        add("process_start_time_seconds", "gauge", bootTime().flatMap { boot in field(22).map { boot + $0 / ticks } })
        return text
        #else
        return ""
        #endif
    }

    /// Seconds since the epoch at which the machine booted (`btime` in `/proc/stat`).
    private static func bootTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return stat.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) }
    }
}
