// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

extension Scenario {
    /// Reads CSV (RFC 4180: commas, `"` quoting with `""` for a quote, quoted cells may span lines). The first
    /// record names the fields; an empty cell leaves its field out. Blank lines and lines starting with `#` are
    /// skipped.
    ///
    /// - Throws: ``ScenarioError`` naming the line.
    public static func parseCSV(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let records: [(line: Int, cells: [String])]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw ScenarioError(file: file, line: error.line, reason: error.reason)
        }
        guard let header = records.first else {
            throw ScenarioError(file: file, line: nil, reason: "the file is empty")
        }
        let names = header.cells.map { $0.trimmingSpaces() }
        for (index, name) in names.enumerated() where name.isEmpty {
            throw ScenarioError(file: file, line: header.line, reason: "column \(index + 1) of the header has no name")
        }
        var entries: [Entry] = []
        for record in records.dropFirst() {
            guard record.cells.count == names.count else {
                throw ScenarioError(
                    file: file,
                    line: record.line,
                    reason: "\(record.cells.count) cells, but the header names \(names.count) columns"
                )
            }
            let fields = zip(names, record.cells).filter { !$0.1.isEmpty }.map { (key: $0.0, value: $0.1) }
            do {
                entries.append(try Self.entry(line: record.line, fields: fields))
            } catch {
                let reason = error.reason
                throw ScenarioError(file: file, line: record.line, reason: reason)
            }
        }
        guard !entries.isEmpty else {
            throw ScenarioError(file: file, line: nil, reason: "no messages after the header")
        }
        return Scenario(entries: entries)
    }
}

/// A small RFC 4180 reader that remembers the line each record starts on.
enum CSVReader {
    struct Failure: Error {
        var line: Int
        var reason: String
    }

    static func records(_ text: String) throws(Failure) -> [(line: Int, cells: [String])] {
        var records: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var quoteStart = 0
        var line = 1
        var recordLine = 1
        var recordHasContent = false
        let bytes = Array(text.utf8)
        var index = 0
        func endRecord() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll()
            let isComment = cells.count == 1 && cells[0].hasPrefix("#")
            let isBlank = !recordHasContent && cells.count == 1 && cells[0].trimmingSpaces().isEmpty
            if !isComment && !isBlank { records.append((recordLine, cells)) }
            cells.removeAll()
            recordHasContent = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        index += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    cell.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard cell.allSatisfy({ $0 == UInt8(ascii: " ") }) else {
                    throw Failure(line: line, reason: "a quote inside an unquoted cell")
                }
                cell.removeAll()
                inQuotes = true
                quoteStart = line
                recordHasContent = true
            case UInt8(ascii: ","):
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll()
                recordHasContent = true
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                endRecord()
                line += 1
                recordLine = line
            default:
                cell.append(byte)
            }
            index += 1
        }
        if inQuotes { throw Failure(line: quoteStart, reason: "a quoted cell is never closed") }
        if recordHasContent || !cell.isEmpty { endRecord() }
        return records
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
