// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One live status line on standard error: rewritten in place on a terminal, one line per update otherwise (logs).
struct ProgressLine: Sendable {
    let enabled: Bool
    let isTerminal: Bool

    init(enabled: Bool) {
        self.enabled = enabled
        self.isTerminal = isatty(2) == 1
    }

    func update(_ line: String) {
        guard self.enabled else { return }
        Self.write(self.isTerminal ? "\r\(line)\u{1B}[K" : "\(line)\n")
    }

    /// A line of its own, kept on screen.
    func message(_ line: String) {
        Self.write("\(line)\n")
    }

    /// Ends the live line, so what follows starts on a fresh one.
    func finish() {
        if self.enabled, self.isTerminal { Self.write("\n") }
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { fputs_bytes($0) }
    }

    private static func fputs_bytes(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        #if canImport(Darwin)
        Darwin.write(2, buffer.baseAddress, buffer.count)
        #elseif canImport(Musl)
        Musl.write(2, buffer.baseAddress, buffer.count)
        #else
        Glibc.write(2, buffer.baseAddress, buffer.count)
        #endif
    }
}
