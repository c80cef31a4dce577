// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOSSL
import Synchronization

extension SMPPServer {
    /// Counts a new connection against the limits, or throws, which makes the bootstrap close it at once.
    func admit(_ channel: any Channel) throws {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = self.connectionGuard.admit(address) {
            self.logger.info("connection refused", metadata: ["smpp.peer": "\(address)", "reason": "\(refusal)"])
            throw ConnectionRefused(reason: refusal)
        }
        channel.closeFuture.whenComplete { _ in self.connectionGuard.release(address) }
    }

    struct ConnectionRefused: Error {
        var reason: SMPPConnectionRefusal
    }

    /// Reads the TLS listener's certificate and key files again (on SIGHUP): new connections use them, open ones
    /// keep theirs. Throws, and keeps the old context, when the files do not make a valid context.
    public func reloadTLS() throws {
        guard let tls = self.configuration.tls, let certificate = tls.certificateFile, let key = tls.privateKeyFile
        else { return }
        let context = try TLSListener.context(certificateFile: certificate, privateKeyFile: key)
        self.tlsContext.withLock { $0 = context }
        self.logger.notice("TLS certificate reloaded", metadata: ["file": "\(certificate)"])
    }

    /// Connections admitted and not yet closed.
    public var admittedConnections: Int { self.connectionGuard.connectionCount }
}
