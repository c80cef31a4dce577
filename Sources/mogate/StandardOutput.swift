// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes of large chunks to file descriptor 1.
///
/// The rendered output is already batched in memory, so a plain `write(2)` loop is all that is needed;
/// `print` would go through a `String` and stdio's line buffering.
enum StandardOutput {
    /// How much rendered output to collect before writing it.
    static let chunkSize = 1 << 16

    /// Writes all of `bytes`, retrying after short writes and `EINTR`.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Self.write(buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // stdout is gone (closed pipe): nothing useful left to do with the output
                }
            }
        }
    }

    private static func write(_ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        Darwin.write(1, pointer, count)
        #elseif canImport(Musl)
        Musl.write(1, pointer, count)
        #else
        Glibc.write(1, pointer, count)
        #endif
    }
}
