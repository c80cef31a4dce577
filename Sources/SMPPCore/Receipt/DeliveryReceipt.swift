// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// The text of an SMSC delivery receipt (SMPP 3.4 Appendix B, informative), carried in a deliver_sm with
/// esm_class 0x04:
///
/// ```
/// id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
/// ```
/// Appendix B is only an example, so parsing is lenient: keys in any letter case, spaces or underscores inside
/// `submit date`/`done date`, spaces around the colon, fields in any order, `sub`, `dlvrd`, dates, `err` and
/// `text` optional, unknown `key:value` words skipped. `text:` runs to the end of the string.
public struct DeliveryReceipt: Hashable, Sendable {
    /// `id:`, the message ID the SMSC gave the original submit; decimal or hex depending on the carrier.
    public var messageID: String
    /// `sub:`, number of short messages originally submitted.
    public var submitted: Int?
    /// `dlvrd:`, number of short messages delivered.
    public var delivered: Int?
    /// `submit date:`.
    public var submitDate: ReceiptDate?
    /// `done date:`.
    public var doneDate: ReceiptDate?
    /// `stat:` exactly as sent.
    public var stat: String
    /// `err:` exactly as sent (network-specific; usually 3 digits).
    public var error: String?
    /// `text:`, usually the first 20 characters of the original message.
    public var text: String?

    /// The state `stat` names, or `nil` for a word we do not know.
    public var state: MessageState? { MessageState(stat: self.stat) }

    public init(
        messageID: String,
        submitted: Int? = nil,
        delivered: Int? = nil,
        submitDate: ReceiptDate? = nil,
        doneDate: ReceiptDate? = nil,
        stat: String,
        error: String? = nil,
        text: String? = nil
    ) {
        self.messageID = messageID
        self.submitted = submitted
        self.delivered = delivered
        self.submitDate = submitDate
        self.doneDate = doneDate
        self.stat = stat
        self.error = error
        self.text = text
    }

    /// A receipt whose `stat` is the Appendix B word for `state` (`UNKNOWN` for a state outside SMPP 3.4).
    public init(
        messageID: String,
        submitted: Int? = nil,
        delivered: Int? = nil,
        submitDate: ReceiptDate? = nil,
        doneDate: ReceiptDate? = nil,
        state: MessageState,
        error: String? = nil,
        text: String? = nil
    ) {
        self.init(
            messageID: messageID,
            submitted: submitted,
            delivered: delivered,
            submitDate: submitDate,
            doneDate: doneDate,
            stat: state.stat ?? "UNKNOWN",
            error: error,
            text: text
        )
    }

    /// Parses receipt text.
    ///
    /// - Returns: `nil` if this is not a receipt: no non-empty `id:` of at most 64 characters (SMPP message_id
    ///   is at most 65 octets with its NUL), or no `stat:`. Requiring `stat:` keeps an ordinary MO text such as
    ///   "my id: 42" from being taken for a receipt. Malformed dates or counts become `nil` fields.
    public init?(parsing text: some StringProtocol) {
        let fields = ReceiptScanner.fields(Array(text.unicodeScalars))
        guard let id = fields[.id], !id.isEmpty, id.count <= 64, let stat = fields[.stat], !stat.isEmpty else {
            return nil
        }
        self.init(
            messageID: id,
            submitted: fields[.sub].flatMap(Self.count),
            delivered: fields[.dlvrd].flatMap(Self.count),
            submitDate: fields[.submitDate].flatMap { ReceiptDate(parsing: $0) },
            doneDate: fields[.doneDate].flatMap { ReceiptDate(parsing: $0) },
            stat: stat,
            error: fields[.err],
            text: fields[.text]
        )
    }

    private static func count(_ digits: String) -> Int? {
        guard !digits.isEmpty, digits.count <= 9, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return Int(digits)
    }

    /// The canonical Appendix B text, fields in spec order, absent fields left out, dates as YYMMDDhhmm
    /// (or YYMMDDhhmmss with `includingSeconds`), counts as three digits.
    public func formatted(includingSeconds: Bool = false) -> String {
        var words = ["id:" + self.messageID]
        if let submitted = self.submitted { words.append("sub:" + ReceiptDate.digits(submitted, width: 3)) }
        if let delivered = self.delivered { words.append("dlvrd:" + ReceiptDate.digits(delivered, width: 3)) }
        if let date = self.submitDate {
            words.append("submit date:" + date.formatted(includingSeconds: includingSeconds))
        }
        if let date = self.doneDate { words.append("done date:" + date.formatted(includingSeconds: includingSeconds)) }
        words.append("stat:" + self.stat)
        if let error = self.error { words.append("err:" + error) }
        if let text = self.text { words.append("text:" + text) }
        return words.joined(separator: " ")
    }
}

extension DeliveryReceipt: CustomStringConvertible {
    /// Leaves out `text`, which is message content.
    public var description: String {
        let text = self.text.map { "<\($0.count) characters redacted>" } ?? "nil"
        return "DeliveryReceipt(id: \(self.messageID), stat: \(self.stat), err: \(self.error ?? "nil"), text: \(text))"
    }
}

/// A `submit date:` / `done date:` value: YYMMDDhhmm, YYMMDDhhmmss or YYYYMMDDhhmmss (SMPP 3.4 Appendix B).
public struct ReceiptDate: Hashable, Sendable {
    /// Four-digit year; two-digit years are 20YY.
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    /// 0 when the value had no seconds.
    public let second: Int
    /// The digits as received (or as built, for a constructed date).
    public let raw: String

    /// - Returns: `nil` unless `raw` is 10, 12 or 14 ASCII digits with a plausible month, day, hour, minute, second.
    public init?(parsing raw: some StringProtocol) {
        let digits = Array(raw.utf8)
        guard [10, 12, 14].contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        func number(_ start: Int, _ length: Int) -> Int {
            digits[start..<(start + length)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let yearDigits = digits.count == 14 ? 4 : 2
        let year = yearDigits == 4 ? number(0, 4) : 2000 + number(0, 2)
        let second = digits.count == 10 ? 0 : number(yearDigits + 8, 2)
        self.init(
            year: year,
            month: number(yearDigits, 2),
            day: number(yearDigits + 2, 2),
            hour: number(yearDigits + 4, 2),
            minute: number(yearDigits + 6, 2),
            second: second,
            raw: String(raw)
        )
    }

    /// - Returns: `nil` if a component is out of range. `raw` becomes YYMMDDhhmm, or YYMMDDhhmmss if `second` ≠ 0.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        let raw =
            Self.digits(year % 100, width: 2) + Self.digits(month, width: 2) + Self.digits(day, width: 2)
            + Self.digits(hour, width: 2) + Self.digits(minute, width: 2)
            + (second == 0 ? "" : Self.digits(second, width: 2))
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, raw: raw)
    }

    private init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, raw: String) {
        guard (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.raw) = (hour, minute, second, raw)
    }

    /// YYMMDDhhmm, or YYMMDDhhmmss when `includingSeconds`.
    public func formatted(includingSeconds: Bool = false) -> String {
        Self.digits(self.year % 100, width: 2) + Self.digits(self.month, width: 2) + Self.digits(self.day, width: 2)
            + Self.digits(self.hour, width: 2) + Self.digits(self.minute, width: 2)
            + (includingSeconds ? Self.digits(self.second, width: 2) : "")
    }

    static func digits(_ value: Int, width: Int) -> String {
        let text = String(value)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }
}

/// Finds `key:value` words in receipt text.
///
/// A key counts only at the start of the text or after whitespace, so `id:` inside another value is not a key.
/// Values are one whitespace-free word, except `text:`, which takes the rest of the string. The first occurrence
/// of a key wins.
private enum ReceiptScanner {
    enum Field: CaseIterable {
        case id, sub, dlvrd, submitDate, doneDate, stat, err, text

        /// Lower-case words of the key; between words any run of spaces or underscores, or none, is allowed.
        var words: [String] {
            switch self {
            case .id: ["id"]
            case .sub: ["sub"]
            case .dlvrd: ["dlvrd"]
            case .submitDate: ["submit", "date"]
            case .doneDate: ["done", "date"]
            case .stat: ["stat"]
            case .err: ["err"]
            case .text: ["text"]
            }
        }
    }

    static func fields(_ scalars: [Unicode.Scalar]) -> [Field: String] {
        var fields: [Field: String] = [:]
        var index = 0
        while index < scalars.count {
            guard index == 0 || scalars[index - 1].properties.isWhitespace,
                let (field, afterColon) = Self.key(in: scalars, at: index)
            else {
                index += 1
                continue
            }
            var start = afterColon
            while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            if field == .text {
                if fields[.text] == nil { fields[.text] = Self.string(scalars[start...]) }
                break
            }
            // "id: sub:001": an empty value, not "sub:001".
            var end = start
            if start == afterColon || Self.key(in: scalars, at: start) == nil {
                while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
            }
            if fields[field] == nil { fields[field] = Self.string(scalars[start..<end]) }
            index = end
        }
        return fields
    }

    /// The key that starts at `index` and the index just past its colon.
    private static func key(in scalars: [Unicode.Scalar], at index: Int) -> (Field, Int)? {
        for field in Field.allCases {
            if let end = Self.match(field.words, in: scalars, at: index) { return (field, end) }
        }
        return nil
    }

    private static func match(_ words: [String], in scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var index = start
        for (number, word) in words.enumerated() {
            if number > 0 {
                while index < scalars.count, scalars[index] == " " || scalars[index] == "_" { index += 1 }
            }
            for letter in word.unicodeScalars {
                guard index < scalars.count, Self.lowercased(scalars[index]) == letter else { return nil }
                index += 1
            }
        }
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        guard index < scalars.count, scalars[index] == ":" else { return nil }
        return index + 1
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
