// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import NIOCore
import SMPPCore
import SMPPNIO

/// `mogate decode`: prints SMPP PDUs field by field, readable or as JSON Lines.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print SMPP 3.4 PDUs field by field.",
        discussion: """
            Reads concatenated PDUs from --hex, from --file (binary), or as hex text on standard input. \
            With --pcap it reads a libpcap capture instead (Ethernet, Linux cooked, raw IP or loopback link types; \
            IPv4 and IPv6): each TCP direction is reassembled and framed, and each record gains time, src and dst. \
            Hex may contain whitespace, newlines and 0x prefixes. Each PDU is framed by its command_length.

            Field names are the spec's (source_addr, esm_class, short_message, ...). Where the message is text, \
            'text' is the decoded message without its UDH; 'udh' lists the information elements when esm_class \
            has UDHI (0x40); 'tlvs' lists the optional parameters. A malformed PDU prints an error record naming \
            the status a server would answer (e.g. ESME_RINVMSGLEN) and its sequence_number, and decoding goes on. \
            A command_length under 16 or over 65552, or input that ends inside a PDU, loses framing: an error \
            record is printed and decoding stops.

            Output contains phone numbers and message text.

            Exit status: 0 when every PDU decoded; 1 when a PDU was malformed, framing was lost, or the input \
            could not be read.
            """
    )

    @Option(help: "PDUs as hex text.")
    var hex: String?

    @Option(help: "A binary file of concatenated PDUs.")
    var file: String?

    @Option(help: "A libpcap capture (e.g. from serve --capture): PDUs of every TCP stream, with time and endpoints.")
    var pcap: String?

    @Flag(help: "Print JSON Lines: one object per PDU, in input order.")
    var json = false

    @Option(help: "What data_coding 0 means when decoding text.")
    var defaultAlphabet = DefaultAlphabetArgument(.gsm7Unpacked)

    func validate() throws {
        if [self.hex, self.file, self.pcap].compactMap({ $0 }).count > 1 {
            throw ValidationError("Give one of --hex, --file and --pcap.")
        }
    }

    func run() throws {
        let options = PDURenderOptions(defaultAlphabet: self.defaultAlphabet.value)
        if let pcap = self.pcap {
            try self.runCapture(path: pcap, options: options)
            return
        }
        let input = try self.readInput()
        let allDecoded: Bool
        if self.json {
            var writer = PDUJSONWriter()
            allDecoded = Self.render(input, options: options, into: &writer, flush: StandardOutput.write)
        } else {
            var writer = PDUTextWriter()
            allDecoded = Self.render(input, options: options, into: &writer, flush: StandardOutput.write)
        }
        if !allDecoded { throw ExitCode(1) }
    }

    private func runCapture(path: String, options: PDURenderOptions) throws {
        let file = ByteBuffer(bytes: try readFile(path))
        let allDecoded: Bool
        do {
            if self.json {
                var writer = PDUJSONWriter()
                allDecoded = try Self.renderCapture(file, options: options, into: &writer, flush: StandardOutput.write)
            } else {
                var writer = PDUTextWriter()
                allDecoded = try Self.renderCapture(file, options: options, into: &writer, flush: StandardOutput.write)
            }
        } catch let error as PCAPReader.FormatError {
            throw DecodeInputError(description: "\(path): \(error)")
        }
        if !allDecoded { throw ExitCode(1) }
    }

    private func readInput() throws -> ByteBuffer {
        if let hex = self.hex {
            return ByteBuffer(bytes: try HexInput.parse(hex.utf8))
        }
        if let file = self.file {
            return ByteBuffer(bytes: try readFile(file))
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return ByteBuffer(bytes: try HexInput.parse([UInt8](data)))
    }
}

/// The input file or standard input could not be read.
struct DecodeInputError: Error, CustomStringConvertible {
    var description: String
}

/// The whole contents of `path`; pipes and devices such as `/dev/stdin` work too.
func readFile(_ path: String) throws -> Data {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw DecodeInputError(description: "cannot open \(path)")
    }
    defer { try? handle.close() }
    do {
        return try handle.readToEnd() ?? Data()
    } catch {
        throw DecodeInputError(description: "cannot read \(path): \(error.localizedDescription)")
    }
}

/// A `--default-alphabet` value: `gsm7`, `gsm7-packed`, `ascii` or `latin1`.
struct DefaultAlphabetArgument: ExpressibleByArgument {
    var value: DefaultAlphabet

    init(_ value: DefaultAlphabet) { self.value = value }

    init?(argument: String) {
        guard let value = DefaultAlphabet(rawValue: argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { self.value.rawValue }

    static var allValueStrings: [String] { DefaultAlphabet.allCases.map(\.rawValue) }
}
