// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import NIOCore
import SMPPCore
import SMPPNIO
import Testing

/// The carrier emulator with an ESME we did not write: python-smpplib binds to `mogate serve` as a receiver with
/// an account route, and its own receive loop (`Client.read_once`) takes the MO that mogate routes to it.
@Suite(
    "Interop: mogate serve routes MO to a python-smpplib receiver",
    .enabled(if: InteropPeers.isRequested, "needs smpplib; set MOGATE_INTEROP=1"),
    .timeLimit(.minutes(2))
)
struct EmulatorInteropTests {
    @Test("smpplib bound as receiver with routes=4478 gets the MO a carrier sends to 4478…, as deliver_sm")
    func smpplibReceiver() async throws {
        let python = try await InteropPeers.requirePython(importing: ["smpplib"])
        let mogate = try InteropPeers.requireMogate()
        let port = try InteropPeers.freePort()
        let serve = try await PeerProcess.launch(
            mogate,
            try await InteropPeers.serveArguments(mogate, smppPort: port) + [
                "--account", "smpplib:s3cret?routes=4478&webhook=no", "--account", "carrier:pw",
            ]
        )
        defer { serve.terminate() }
        try await serve.waitForStandardError(containing: "SMPP listening", timeout: .seconds(20))
        let receiver = try await PeerProcess.launch(
            python,
            [
                InteropPeers.script("smpplib_client.py"), "--port", "\(port)", "--system-id", "smpplib",
                "--password", "s3cret", "--bind", "receiver", "--scenario",
                #"[{"op": "bind", "expect": 0}, {"op": "listen", "seconds": 6}, {"op": "unbind", "expect": 0}]"#,
            ]
        )
        defer { receiver.terminate() }
        _ = try await receiver.firstEvent("smpplib bound", timeout: .seconds(20)) { $0["op"]?.string == "bind" }

        let logger = Logger(label: "test.interop", factory: { _ in SwiftLogNoOpLogHandler() })
        let carrier = try await SMPPClient.connect(
            SMPPClient.Configuration(
                host: "127.0.0.1",
                port: port,
                bindType: .transmitter,
                systemID: "carrier",
                password: "pw"
            ),
            logger: logger
        )
        for (destination, text) in [("447860000000", "Verify 483920"), ("447860000001", "Verify 111111")] {
            let mo = SubmitSM(
                sourceAddressTON: 1,
                sourceAddressNPI: 1,
                sourceAddress: "447700900123",
                destinationAddressTON: 1,
                destinationAddressNPI: 1,
                destinationAddress: destination,
                shortMessage: ByteBuffer(bytes: GSM7.encodeUnpacked(text)!)
            )
            #expect(try await carrier.send(.deliverSM(mo)).commandStatus == .ok)
        }
        // Not routed: no account route or address_range matches 1555….
        let unrouted = SubmitSM(sourceAddress: "447700900123", destinationAddress: "15550000000")
        #expect(try await carrier.send(.deliverSM(unrouted)).commandStatus == .ok)
        try await carrier.unbind()

        let status = try await receiver.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(receiver.transcript)")
        let listen = try #require(receiver.events.first { $0["op"]?.string == "listen" }, "\(receiver.transcript)")
        #expect(listen["deliver_sm"]?.int == 2, "\(receiver.transcript)")
        #expect(listen["ended"]?.string == "deadline")
    }
}
