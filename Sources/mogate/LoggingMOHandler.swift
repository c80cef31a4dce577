// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Logging
import NIOCore
import SMPPCore
import SMPPNIO

/// Logs every MO at info, without its text or numbers, and accepts it: the listener before the pipeline is
/// attached. Other operations get the failure status of their response.
struct LoggingMOHandler: SMPPRequestHandler {
    let logger: Logger
    private let accepting = SMPPAcceptingRequestHandler()

    func handleRequest(_ request: SMPPInboundRequest, on eventLoop: any EventLoop) -> EventLoopFuture<SMPPRequestResult>
    {
        if request.carriesMessage {
            var metadata: Logger.Metadata = [
                "smpp.command": "\(request.pdu.commandID)",
                "smpp.system_id": "\(request.session.systemID)",
                "smpp.session": "\(request.session.id)",
                "smpp.sequence": "\(request.pdu.sequenceNumber)",
            ]
            switch request.pdu.body {
            case .submitSM(let message), .deliverSM(let message):
                metadata["smpp.data_coding"] = "\(DataCoding(rawValue: message.dataCoding))"
                metadata["smpp.esm_class"] = "\(message.esmClass)"
                metadata["smpp.octets"] =
                    "\(message.shortMessage.readableBytes + (message.tlvs.messagePayload?.readableBytes ?? 0))"
                metadata["smpp.receipt"] = "\(message.isDeliveryReceipt)"
            case .dataSM(let message):
                metadata["smpp.data_coding"] = "\(DataCoding(rawValue: message.dataCoding))"
                metadata["smpp.octets"] = "\(message.tlvs.messagePayload?.readableBytes ?? 0)"
            default:
                break
            }
            self.logger.info("MO received", metadata: metadata)
        }
        return self.accepting.handleRequest(request, on: eventLoop)
    }
}

enum MogateLogging {
    /// Logs to standard error at `level`, and returns the command's logger.
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "mogate")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
