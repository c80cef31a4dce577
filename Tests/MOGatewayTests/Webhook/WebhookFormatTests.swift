// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import MOGateway
import Testing

@Suite("Webhook compatibility formats", .timeLimit(.minutes(1)))
struct WebhookFormatTests {
    /// `a=b&c=d` → pairs, decoded as application/x-www-form-urlencoded.
    private static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    @Test(
        "Jasmin: the form fields, and 200 without ACK/Jasmin is not delivered",
        arguments: WebhookTransportKind.allCases
    )
    func jasminOverHTTP(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        let record = Fixtures.record(id: "mo-jasmin", text: "Café & co = 1+1", bodyHex: "436166e92026")
        await store.add(record)
        try await withReceiver(Replies { $0.index == 0 ? Reply(body: "OK") : Reply(body: "ACK/Jasmin\n") }) {
            port,
            log in
            let configuration = Fixtures.configuration(port: port) { $0.format = .jasmin }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                #expect(await $0.waitForDelivery(id: "mo-jasmin", timeout: .seconds(30)))
            }
            let request = try #require(log.requests.last)
            #expect(log.requests.count == 2)
            #expect(request.method == "POST")
            #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(
                Self.form(request.body) == [
                    "id": "mo-jasmin", "from": "+447700900123", "to": "+447860000000", "origin-connector": "carrier1",
                    "coding": "0", "content": "Café & co = 1+1", "binary": "436166e92026",
                ]
            )
        }
        let attempts = try #require(await store.row("mo-jasmin")).attempts
        #expect(attempts.map(\.httpStatus) == [200, 200])
        #expect(attempts.first?.error == "HTTP 200 without ACK/Jasmin")
    }

    @Test("Jasmin form encoding escapes as Python's urlencode does")
    func jasminEncoding() throws {
        let record = Fixtures.record(id: "a b", text: "x=1&y=é~.")
        let configuration = WebhookConfiguration(url: "http://h/p", format: .jasmin)
        let request = try WebhookFormat.jasmin.request(for: record, configuration: configuration)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.hasPrefix("id=a+b&from=%2B447700900123&to=%2B447860000000&origin-connector=carrier1&coding=0&"))
        #expect(body.contains("&content=x%3D1%26y%3D%C3%A9~.&"))
        #expect(WebhookFormat.jasmin.acknowledges(WebhookResponse(status: 200, body: Array("ACK/Jasmin".utf8))))
        #expect(!WebhookFormat.jasmin.acknowledges(WebhookResponse(status: 200, body: Array("ACK".utf8))))
        #expect(!WebhookFormat.jasmin.acknowledges(WebhookResponse(status: 500, body: Array("ACK/Jasmin".utf8))))
    }

    @Test("Kannel: every escape code, URL-escaped")
    func kannelExpansion() {
        let record = Fixtures.record(
            id: "mo-k1",
            text: "Héllo  wörld &\tmore",
            encoding: "ucs2",
            dataCoding: 8,
            bodyHex: "00480065"
        )
        let template = "http://h/k?f=%p&t=%P&a=%a&b=%b&c=%c&time=%t&T=%T&i=%i&I=%I&pct=%%&unknown=%z"
        #expect(
            KannelTemplate.expand(template, with: record)
                == "http://h/k?f=%2B447700900123&t=%2B447860000000&a=H%C3%A9llo%20w%C3%B6rld%20%26%20more"
                + "&b=%00H%00e&c=2&time=2026-11-26+17:00:00&T=1795712400&i=carrier1&I=mo-k1&pct=%&unknown=%z"
        )
        let gsm = Fixtures.record(id: "x", text: "it's (ok)!*~", encoding: "gsm7")
        #expect(KannelTemplate.expand("%a|%c", with: gsm) == "it's%20(ok)!*~|0")
        let binary = Fixtures.record(id: "x", text: nil, encoding: "binary", dataCoding: 4, bodyHex: "ff00")
        #expect(KannelTemplate.expand("%a|%b|%c", with: binary) == "|%FF%00|1")
    }

    @Test(
        "Kannel over HTTP: a GET of the expanded template; DLRs use their own template",
        arguments: WebhookTransportKind.allCases
    )
    func kannelOverHTTP(transport: WebhookTransportKind) async throws {
        let store = InMemoryStore()
        await store.add(Fixtures.record(id: "mo-kannel", text: "Verify 483920"))
        await store.add(Fixtures.record(id: "dlr-kannel", type: .dlr, text: nil))
        try await withReceiver(Replies { _ in Reply() }) { port, log in
            let configuration = Fixtures.configuration(port: port, path: "/mo?from=%p&to=%P&text=%a&smsc=%i") {
                $0.format = .kannel
                $0.dlrURL = "http://127.0.0.1:\(port)/dlr?type=%d&id=%F"
            }
            try await withDispatcher(Fixtures.dispatcher(configuration, store: store, transport: transport)) {
                #expect(await $0.waitForDelivery(id: "mo-kannel", timeout: .seconds(30)))
                #expect(await $0.waitForDelivery(id: "dlr-kannel", timeout: .seconds(30)))
            }
            // A retry (after a timeout on a stalled machine) sends the same request again: keep the first.
            let byPath = Dictionary(log.requests.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byPath["/mo"]?.method == "GET")
            #expect(
                byPath["/mo"]?.query == "from=%2B447700900123&to=%2B447860000000&text=Verify%20483920&smsc=carrier1"
            )
            #expect(byPath["/dlr"]?.query == "type=1&id=abc123")
        }
    }
}
