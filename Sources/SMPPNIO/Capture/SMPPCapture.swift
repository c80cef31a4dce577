// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A libpcap file that every SMPP session given it (``SMPPSessionConfiguration/capture``) writes its PDUs to.
///
/// Sessions hand segments over on their event loop; one thread of a private `NIOThreadPool` encodes and writes
/// them, so the event loop never waits for the disk. The queue is bounded: when the writer falls
/// ``maximumQueuedSegments`` behind, further segments are dropped and counted in ``droppedSegments``; SMPP is never
/// slowed down to keep the capture whole. ``close()`` writes what is queued and closes the file.
public final class SMPPCapture: Sendable {
    public let path: String
    /// Segments queued and not yet written beyond which new ones are dropped.
    public let maximumQueuedSegments: Int
    private let pool: NIOThreadPool
    private let state: Mutex<State>
    /// Held while writing, so the final drain in `close()` cannot interleave with the pool's.
    private let file: Mutex<Int32>
    private let dropped = Atomic<Int>(0)
    private let written = Atomic<Int>(0)

    private struct State {
        var queue: [CaptureSegment] = []
        var draining = false
        var closed = false
    }

    /// Creates (or truncates) `path` and writes the pcap file header.
    ///
    /// - Throws: ``SMPPCaptureError`` when the file cannot be created.
    public init(path: String, maximumQueuedSegments: Int = 65_536) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SMPPCaptureError(path: path, errno: errno) }
        var header = ByteBuffer()
        PCAPFormat.writeFileHeader(to: &header)
        guard Self.writeAll(header, to: descriptor) else {
            let error = SMPPCaptureError(path: path, errno: errno)
            Self.closeDescriptor(descriptor)
            throw error
        }
        self.path = path
        self.maximumQueuedSegments = maximumQueuedSegments
        self.file = Mutex(descriptor)
        self.state = Mutex(State())
        self.pool = NIOThreadPool(numberOfThreads: 1)
        self.pool.start()
    }

    /// Segments dropped because the writer was too far behind (or the capture was closed).
    public var droppedSegments: Int { self.dropped.load(ordering: .relaxed) }
    /// Segments written to the file so far.
    public var writtenSegments: Int { self.written.load(ordering: .relaxed) }

    /// Queues segments; never blocks beyond a short lock.
    func record(_ segments: [CaptureSegment]) {
        let startDrain = self.state.withLock { state -> Bool in
            guard !state.closed, state.queue.count + segments.count <= self.maximumQueuedSegments else {
                self.dropped.add(segments.count, ordering: .relaxed)
                return false
            }
            state.queue.append(contentsOf: segments)
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if startDrain {
            // The work item runs even when the pool is shutting down: `close()` drains what remains afterwards.
            self.pool.submit { _ in self.drain() }
        }
    }

    /// Writes queued segments until the queue is empty.
    private func drain() {
        var buffer = ByteBuffer()
        while true {
            let batch = self.state.withLock { state -> [CaptureSegment] in
                let batch = state.queue
                state.queue.removeAll(keepingCapacity: true)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            buffer.clear()
            for segment in batch { PCAPFormat.writePacket(segment, to: &buffer) }
            self.file.withLock { descriptor in
                guard descriptor >= 0 else { return }
                if Self.writeAll(buffer, to: descriptor) {
                    self.written.add(batch.count, ordering: .relaxed)
                } else {
                    self.dropped.add(batch.count, ordering: .relaxed)
                }
            }
        }
    }

    /// Stops taking segments, writes what is queued and closes the file. Blocks; call it once, at shutdown, off
    /// any event loop.
    public func close() {
        self.state.withLock { $0.closed = true }
        try? self.pool.syncShutdownGracefully()
        self.drain()
        self.file.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = fsync(descriptor)
            Self.closeDescriptor(descriptor)
            descriptor = -1
        }
    }

    private static func closeDescriptor(_ descriptor: Int32) {
        #if canImport(Darwin)
        _ = Darwin.close(descriptor)
        #elseif canImport(Musl)
        _ = Musl.close(descriptor)
        #else
        _ = Glibc.close(descriptor)
        #endif
    }

    private static func writeAll(_ buffer: ByteBuffer, to descriptor: Int32) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
    }
}

/// The capture file could not be created or written.
public struct SMPPCaptureError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot write capture file \(self.path): \(String(cString: strerror(self.errno)))"
    }
}
