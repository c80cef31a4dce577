// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What the sink reads from one webhook request: the webhook's id and the load tag in its text.
struct SinkPayload {
    var format: SinkFormat
    var id: String?
    var tag: LoadTag?

    /// Reads a request in `format` (or, for `auto`, the format its method and content type say).
    static func read(
        format: SinkFormat,
        isGET: Bool,
        contentType: String?,
        query: String?,
        body: [UInt8]
    ) -> SinkPayload? {
        let contentType = contentType?.lowercased() ?? ""
        let format: SinkFormat =
            switch format {
            case .auto:
                if contentType.contains("json") {
                    .json
                } else if !isGET, contentType.contains("x-www-form-urlencoded"),
                    Self.form(body).contains(where: { $0.key == "content" })
                {
                    .jasmin
                } else {
                    .kannel
                }
            default: format
            }
        switch format {
        case .json:
            struct Body: Decodable {
                var id: String?
                var text: String?
            }
            guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else { return nil }
            return SinkPayload(format: .json, id: decoded.id, tag: decoded.text.flatMap { LoadTag.find(in: $0) })
        case .jasmin:
            let fields = Self.form(body)
            guard let content = fields.first(where: { $0.key == "content" })?.value else { return nil }
            let id = fields.first { $0.key == "id" }.map { String(decoding: $0.value, as: UTF8.self) }
            return SinkPayload(format: .jasmin, id: id, tag: Self.tag(in: content, coding: nil))
        case .kannel, .auto:
            // get-url puts the fields in the query; post-url may send a form.
            var fields = Self.form(Array((query ?? "").utf8))
            if contentType.contains("x-www-form-urlencoded") { fields += Self.form(body) }
            let value = { (name: String) in fields.first { $0.key == name }?.value }
            guard let text = value("text") ?? value("content") ?? (body.isEmpty ? nil : body) else { return nil }
            let id = value("id").map { String(decoding: $0, as: UTF8.self) }
            let coding = value("coding").map { String(decoding: $0, as: UTF8.self) }
            return SinkPayload(format: .kannel, id: id, tag: Self.tag(in: text, coding: coding))
        }
    }

    /// The tag in text bytes: UTF-8, or UTF-16BE when the coding says UCS-2 (`2`) or the UTF-8 reading finds none.
    static func tag(in bytes: [UInt8], coding: String?) -> LoadTag? {
        if coding != "2", let tag = LoadTag.find(in: bytes) { return tag }
        guard bytes.count % 2 == 0 else { return LoadTag.find(in: bytes) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        return LoadTag.find(in: String(decoding: units, as: UTF16.self)) ?? LoadTag.find(in: bytes)
    }

    /// `application/x-www-form-urlencoded` (or a query string) as (name, raw bytes) pairs.
    static func form(_ bytes: [UInt8]) -> [(key: String, value: [UInt8])] {
        bytes.split(separator: UInt8(ascii: "&")).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(decoding: Self.percentDecode(parts[0]), as: UTF8.self)
            return (key, parts.count > 1 ? Self.percentDecode(parts[1]) : [])
        }
    }

    static func percentDecode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return out }
                out.append(value)
            default:
                out.append(byte)
            }
        }
        return out
    }
}
