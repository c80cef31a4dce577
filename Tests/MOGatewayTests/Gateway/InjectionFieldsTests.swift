// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SMPPCore
import Testing

@testable import MOGateway

/// `POST /v1/mo`'s SMPPSim-style fields, through a real gateway to a real webhook receiver.
@Suite struct InjectionFieldsTests {
    private func post(_ body: String, port: Int) async throws -> HTTPProbe.Reply {
        try await HTTPProbe.post(port: port, path: "/v1/mo", body: body)
    }

    private func records(_ log: ReceiverLog) throws -> [MORecord] {
        try log.requests.map { try JSONDecoder().decode(MORecord.self, from: Data($0.body)) }
    }

    @Test("hex, data_coding, esm_class, protocol_id, service_type, TON/NPI and TLVs reach the webhook as given")
    func rawFields() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let reply = try await self.post(
                    #"""
                    {"from": "Bank", "from_ton": 5, "from_npi": 0, "to": "447860000000", "to_ton": 1, "to_npi": 1,
                     "hex": "00480069", "data_coding": 8, "esm_class": 3, "protocol_id": 64, "service_type": "CMT",
                     "priority_flag": 1, "registered_delivery": 1,
                     "tlvs": [{"tag": "source_port", "value": "1f90"}, {"tag": 5120, "value": "cafe"},
                              {"tag": "0x1401", "value": ""}]}
                    """#,
                    port: httpPort
                )
                #expect(reply.status == 202, "\(String(decoding: reply.body, as: UTF8.self))")
                try await GatewayEndToEndTests.eventually("the MO delivered") { log.requests.count == 1 }
                let record = try #require(try self.records(log).first)
                #expect(record.text == "Hi")
                #expect(record.dataCoding == 8)
                #expect(record.bodyHex == "00480069")
                #expect(record.fromRaw == MORecord.RawAddress(addr: "Bank", ton: 5, npi: 0))
                #expect(record.toRaw.ton == 1)
                #expect(record.smpp.command == "deliver_sm")
                #expect(record.smpp.esmClass == 3)
                #expect(record.smpp.protocolID == 64)
                #expect(record.smpp.serviceType == "CMT")
                #expect(record.smpp.tlvs["source_port"] == "1f90")
                #expect(record.smpp.tlvs["0x1400"] == "cafe")
                #expect(record.smpp.tlvs["0x1401"] == "")
            }
        }
    }

    @Test("command data_sm carries the message in message_payload; a long hex body is split in UDH parts")
    func dataSMAndHexSplit() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let data = try await self.post(
                    #"{"from": "447700900123", "to": "447860000000", "text": "Verify 777", "command": "data_sm"}"#,
                    port: httpPort
                )
                #expect(data.status == 202)
                let long = String(repeating: "ab", count: 300)
                let split = try await self.post(
                    #"{"from": "447700900123", "to": "447860000001", "hex": "\#(long)", "split": "udh16"}"#,
                    port: httpPort
                )
                #expect(split.status == 202)
                let result = try JSONSerialization.jsonObject(with: split.body) as? [String: Any]
                #expect(result?["parts"] as? Int == 3, "300 octets in parts of 133")
                try await GatewayEndToEndTests.eventually("both MO delivered") { log.requests.count == 2 }
                let records = try self.records(log)
                let dataSM = try #require(records.first { $0.to.hasSuffix("0") })
                #expect(dataSM.smpp.command == "data_sm")
                #expect(dataSM.text == "Verify 777")
                let joined = try #require(records.first { $0.to.hasSuffix("1") })
                #expect(joined.bodyHex == long)
                #expect(joined.dataCoding == 4)
                #expect(joined.concat?.scheme == "udh16")
                #expect(joined.parts == 3)
            }
        }
    }

    @Test(
        "bad injections get 400 problem+json naming the field",
        arguments: [
            (#"{"from": "1", "to": "2"}"#, "give text or hex"),
            (#"{"from": "1", "to": "2", "text": "a", "hex": "00"}"#, "not both"),
            (#"{"from": "1", "to": "2", "hex": "0g"}"#, "hex"),
            (#"{"from": "1", "to": "2", "hex": "001"}"#, "hex"),
            (#"{"from": "1", "to": "2", "text": "a", "data_coding": 300}"#, "data_coding"),
            (#"{"from": "1", "to": "2", "text": "a", "esm_class": -1}"#, "esm_class"),
            (#"{"from": "1", "to": "2", "text": "a", "priority_flag": 4}"#, "priority_flag"),
            (#"{"from": "1", "to": "2", "text": "a", "command": "submit_sm"}"#, "command"),
            (#"{"from": "1", "to": "2", "text": "a", "service_type": "TOOLONG"}"#, "service_type"),
            (#"{"from": "1", "to": "2", "text": "a", "split": "udh7"}"#, "split"),
            (#"{"from": "1", "to": "2", "text": "a", "tlvs": [{"tag": "nonsense", "value": "00"}]}"#, "nonsense"),
            (#"{"from": "1", "to": "2", "text": "a", "tlvs": [{"tag": 70000, "value": "00"}]}"#, "TLV tag"),
            (#"{"from": "1", "to": "2", "text": "a", "tlvs": [{"tag": 5120, "value": "xyz"}]}"#, "not hex"),
            (#"{"from": "1", "to": "2", "hex": "00", "encoding": "ucs2"}"#, "data_coding"),
        ]
    )
    func badInput(body: String, mention: String) async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let reply = try await self.post(body, port: httpPort)
                #expect(reply.status == 400)
                #expect(reply.contentType == "application/problem+json")
                let detail = String(decoding: reply.body, as: UTF8.self)
                #expect(detail.contains(mention), "\(detail)")
                #expect(log.requests.isEmpty)
            }
        }
    }

    @Test("split none refuses a text that needs two parts, and takes one that fits")
    func splitNone() async throws {
        try await withReceiver(Replies { _ in Reply(status: 200) }) { webhookPort, log in
            try await GatewayEndToEndTests().withGateway(webhookPort: webhookPort) { _, _, httpPort in
                let long = String(repeating: "x", count: 161)
                let refused = try await self.post(
                    #"{"from": "1", "to": "2", "text": "\#(long)", "split": "none"}"#,
                    port: httpPort
                )
                #expect(refused.status == 400)
                #expect(String(decoding: refused.body, as: UTF8.self).contains("split is none"))
                let fits = String(repeating: "x", count: 160)
                let taken = try await self.post(
                    #"{"from": "1", "to": "2", "text": "\#(fits)", "split": "none"}"#,
                    port: httpPort
                )
                #expect(taken.status == 202)
                try await GatewayEndToEndTests.eventually("the MO delivered") { log.requests.count == 1 }
            }
        }
    }

    @Test("priority_flag and registered_delivery go into the deliver_sm the ingest handler gets")
    func planFields() throws {
        var injection = MOInjection(from: "447700900123", to: "447860000000", text: "hi")
        injection.priorityFlag = 2
        injection.registeredDelivery = 1
        injection.dataCoding = 0xF0
        let plan = try InjectionPlan(injection)
        guard case .deliverSM(let message) = try #require(plan.bodies.first) else {
            Issue.record("not a deliver_sm")
            return
        }
        #expect(message.priorityFlag == 2)
        #expect(message.registeredDelivery == 1)
        #expect(message.dataCoding == 0xF0, "data_coding overrides the encoding's")
        #expect(message.shortMessage == ByteBuffer(string: "hi"))
    }
}
