// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Logging
import MOGateway
import SMPPNIO

extension GatewayConfiguration {
    /// Every SMPP session of the gateway, served and upstream, writes its PDUs to `capture`.
    mutating func capture(to capture: SMPPCapture) {
        self.smpp.session.capture = capture
        for index in self.upstreams.indices { self.upstreams[index].session.capture = capture }
    }
}

extension SMPPCapture {
    /// Flushes and closes the file, and says how much it holds and whether segments were dropped.
    func closeLogging(_ logger: Logger) {
        self.close()
        let metadata: Logger.Metadata = [
            "path": "\(self.path)", "segments": "\(self.writtenSegments)", "dropped": "\(self.droppedSegments)",
        ]
        if self.droppedSegments > 0 {
            logger.warning("capture closed; segments were dropped because the writer fell behind", metadata: metadata)
        } else {
            logger.info("capture closed", metadata: metadata)
        }
    }
}
