// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import PhoneNumbers

/// Renders `mogate normalize` results as text lines or JSON Lines into one reused output buffer.
struct NormalizeRenderer {
    let normalizer: PhoneNumberNormalizer
    let json: Bool
    private var output: [UInt8] = []

    init(normalizer: PhoneNumberNormalizer, json: Bool) {
        self.normalizer = normalizer
        self.json = json
        self.output.reserveCapacity(StandardOutput.chunkSize)
    }

    /// Normalizes and renders one address.
    mutating func render(address: String, ton: UInt8, npi: UInt8) {
        let result = self.normalizer.normalize(address, ton: TypeOfNumber(rawValue: ton))
        if self.json {
            self.output.append("{\"input\":")
            self.output.appendJSONString(address)
            self.output.append(",\"ton\":")
            self.output.appendDecimal(UInt64(ton))
            self.output.append(",\"npi\":")
            self.output.appendDecimal(UInt64(npi))
            self.output.append(",\"e164\":")
            if let e164 = result.e164 {
                e164.withUTF8 {
                    self.output.append(UInt8(ascii: "\""))
                    self.output.append(contentsOf: $0)
                }
                self.output.append(UInt8(ascii: "\""))
            } else {
                self.output.append("null")
            }
            self.output.append(result.isValid ? ",\"valid\":true,\"kind\":" : ",\"valid\":false,\"kind\":")
            switch result.kind {
            case .msisdn: self.output.append("\"msisdn\"")
            case .shortcode: self.output.append("\"shortcode\"")
            case .alphanumeric: self.output.append("\"alphanumeric\"")
            }
            self.appendReason(result.invalidReason.map { "\($0)" })
        } else {
            switch result.kind {
            case .msisdn:
                if let e164 = result.e164 {
                    e164.withUTF8 { self.output.append(contentsOf: $0) }
                } else {
                    self.output.append("invalid: ")
                    self.output.append(contentsOf: "\(result.invalidReason.map { "\($0)" } ?? "not valid")".utf8)
                }
            case .shortcode:
                self.output.append(contentsOf: address.utf8)
                self.output.append("  (shortcode)")
            case .alphanumeric:
                self.output.append(contentsOf: address.utf8)
                self.output.append("  (alphanumeric)")
            }
        }
        self.endLine()
    }

    /// Renders one `--stdin` line, or why it could not be read.
    mutating func render(line: NormalizeInputLine) {
        switch line {
        case .address(let address, let ton, let npi):
            self.render(address: address, ton: ton, npi: npi)
        case .unreadable(let text, let reason):
            if self.json {
                self.output.append("{\"input\":")
                self.output.appendJSONString(text)
                self.output.append(",\"ton\":null,\"npi\":null,\"e164\":null,\"valid\":false,\"kind\":null")
                self.appendReason(reason)
            } else {
                self.output.append("invalid: ")
                self.output.append(contentsOf: reason.utf8)
            }
            self.endLine()
        }
    }

    /// Writes what is buffered to standard output.
    mutating func flush() {
        StandardOutput.write(self.output)
        self.output.removeAll(keepingCapacity: true)
    }

    private mutating func appendReason(_ reason: String?) {
        self.output.append(",\"reason\":")
        if let reason {
            self.output.appendJSONString(reason)
        } else {
            self.output.append("null")
        }
        self.output.append(UInt8(ascii: "}"))
    }

    private mutating func endLine() {
        self.output.append(UInt8(ascii: "\n"))
        if self.output.count >= StandardOutput.chunkSize { self.flush() }
    }
}

/// One line of `mogate normalize --stdin` input: `TON NPI ADDRESS`.
enum NormalizeInputLine {
    case address(String, ton: UInt8, npi: UInt8)
    case unreadable(String, reason: String)

    /// Splits standard input into lines (LF or CRLF; a last line without a newline counts) and reads each.
    static func split(_ bytes: UnsafeRawBufferPointer) -> [NormalizeInputLine] {
        var lines: [NormalizeInputLine] = []
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var last = end
            if last > start && bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            lines.append(
                Self.read(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<last]), as: UTF8.self))
            )
            start = end + 1
        }
        return lines
    }

    /// Reads `TON NPI ADDRESS`; the address is the rest of the line, so it may contain spaces.
    static func read(_ line: String) -> NormalizeInputLine {
        let fields = line.split(
            maxSplits: 2,
            omittingEmptySubsequences: true,
            whereSeparator: { $0 == " " || $0 == "\t" }
        )
        guard fields.count == 3 else {
            return .unreadable(line, reason: "expected 'TON NPI ADDRESS'")
        }
        guard let ton = UInt8(fields[0]) else {
            return .unreadable(line, reason: "TON must be a number from 0 to 255")
        }
        guard let npi = UInt8(fields[1]) else {
            return .unreadable(line, reason: "NPI must be a number from 0 to 255")
        }
        let address = fields[2].trimmingSuffix { $0 == " " || $0 == "\t" }
        return .address(String(address), ton: ton, npi: npi)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = self.endIndex
        while end > self.startIndex, predicate(self[self.index(before: end)]) { end = self.index(before: end) }
        return self[self.startIndex..<end]
    }
}
