import Foundation

/// Printing figures: headings, aligned tables, and each target with a met/short verdict.
enum Report {
    /// A benchmark's title, with the machine's load average as it starts (other work skews the figures).
    static func heading(_ title: String, showingLoad: Bool = true) {
        print("\n== \(title) ==")
        if showingLoad, let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("(load average before starting: \(load.split(separator: " ").prefix(3).joined(separator: " ")))")
        }
        flush()
    }

    static func line(_ text: String = "") {
        print(text)
        flush()
    }

    /// A table with right-aligned columns after the first.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func render(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        print(render(header))
        print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows { print(render(row)) }
        flush()
    }

    /// `target: <what> — measured <figure>: met` or `… SHORT`.
    @discardableResult
    static func verdict(_ target: String, measured: String, met: Bool) -> Bool {
        print("  [\(met ? "met  " : "SHORT")] \(target) — measured \(measured)")
        flush()
        return met
    }

    static func flush() {
        fflush(nil)
    }
}

/// Number formatting for the reports.
enum Figures {
    static func milliseconds(_ seconds: Double) -> String {
        seconds < 0.01 ? String(format: "%.2f ms", seconds * 1000) : String(format: "%.1f ms", seconds * 1000)
    }

    static func seconds(_ seconds: Double) -> String {
        String(format: "%.1f s", seconds)
    }

    /// 10000 → "10,000".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 100 ? String(format: "%.0f", perSecond) : String(format: "%.1f", perSecond)
    }

    static func megabytes(kilobytes: Int) -> String {
        String(format: "%.1f MB", Double(kilobytes) / 1024)
    }

    static func ratio(_ value: Double) -> String {
        String(format: "%.2f×", value)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var inSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
