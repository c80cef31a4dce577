// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import PhoneNumbers

/// `mogate normalize`: phone numbers to E.164, one output line per address.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalize phone numbers to E.164 as the gateway does.",
        discussion: """
            Prints one line per address: the E.164 form (+447700900123), or 'invalid: <reason>'. Short codes \
            and alphanumeric senders print unchanged, followed by '  (shortcode)' or '  (alphanumeric)'.

            TON 1: the digits start with the calling code (a leading + or 00 is tolerated). TON 2: a national \
            number, trunk prefix stripped or transformed as libphonenumber does. TON 0: +, the country's IDD \
            prefix, national format, or digits starting with the calling code when that reading is valid. \
            TON 5: alphanumeric. TON 3 and 6: short codes. Spaces, dashes, dots and parentheses are ignored.

            With --stdin, each input line is 'TON NPI ADDRESS' (whitespace-separated; the address is the rest \
            of the line) and gives one output line, in order; a line that cannot be read prints \
            'invalid: <reason>'. With --json, each output line is an object with the keys input, ton, npi, \
            e164, valid, kind and reason.

            Output contains phone numbers. Exit status: 0 when every line was printed.
            """
    )

    @Option(help: "The country of national numbers (ISO 3166-1 alpha-2, e.g. GB).")
    var country: String

    @Option(help: "Type of number (addr_ton) for the ADDRESS arguments.")
    var ton: UInt8 = 0

    @Option(help: "Numbering plan indicator (addr_npi) for the ADDRESS arguments; echoed, not used for reading.")
    var npi: UInt8 = 1

    @Flag(help: "Read 'TON NPI ADDRESS' lines from standard input instead of ADDRESS arguments.")
    var stdin = false

    @Flag(help: "Print JSON Lines: one object per address, in input order.")
    var json = false

    @Argument(help: "Addresses to normalize.")
    var addresses: [String] = []

    func validate() throws {
        if RegionCode(self.country) == nil {
            throw ValidationError("Unknown country '\(self.country)': give an ISO 3166-1 alpha-2 code such as GB.")
        }
        if self.stdin && !self.addresses.isEmpty {
            throw ValidationError("Give ADDRESS arguments or --stdin, not both.")
        }
        if !self.stdin && self.addresses.isEmpty {
            throw ValidationError("Give at least one ADDRESS, or --stdin.")
        }
    }

    func run() throws {
        let region = RegionCode(self.country)!
        var renderer = NormalizeRenderer(normalizer: PhoneNumberNormalizer(defaultRegion: region), json: self.json)
        if self.stdin {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            input.withUnsafeBytes { bytes in
                for line in NormalizeInputLine.split(bytes) {
                    renderer.render(line: line)
                }
            }
        } else {
            for address in self.addresses {
                renderer.render(address: address, ton: self.ton, npi: self.npi)
            }
        }
        renderer.flush()
    }
}
