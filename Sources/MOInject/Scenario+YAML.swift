// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import SMPPCore
import Yams

extension Scenario {
    /// Reads YAML: a list of entries, or a mapping whose `messages` key holds the list. Each entry is a mapping
    /// with the JSON body's keys plus `at`, `every` and `repeat`; `tlvs` is a list of `{tag, value}`.
    ///
    /// - Throws: ``ScenarioError`` naming the line.
    public static func parseYAML(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError(file: file, line: Self.line(of: error), reason: "not valid YAML: \(error)")
        } catch {
            throw ScenarioError(file: file, line: nil, reason: "not valid YAML: \(error)")
        }
        guard let root else { throw ScenarioError(file: file, line: nil, reason: "the file is empty") }
        var list = root.sequence
        if list == nil, let mapping = root.mapping {
            for (key, _) in mapping where key.string != "messages" {
                throw ScenarioError(file: file, line: key.mark?.line, reason: "unknown key \"\(key.string ?? "")\"")
            }
            list = mapping["messages"]?.sequence
        }
        guard let list else {
            throw ScenarioError(file: file, line: root.mark?.line, reason: "expected a list of messages")
        }
        var entries: [Entry] = []
        for item in list {
            let line = item.mark?.line ?? 0
            guard let mapping = item.mapping else {
                throw ScenarioError(file: file, line: line, reason: "a message must be a mapping of fields")
            }
            var fields: [(key: String, value: String)] = []
            var tlvs: [InjectedTLV] = []
            for (keyNode, valueNode) in mapping {
                let valueLine = valueNode.mark?.line ?? line
                guard let key = keyNode.string else {
                    throw ScenarioError(file: file, line: keyNode.mark?.line ?? line, reason: "a key must be text")
                }
                if key == "tlvs" {
                    tlvs = try Self.tlvs(valueNode, file: file)
                    continue
                }
                guard let value = valueNode.scalar?.string else {
                    throw ScenarioError(file: file, line: valueLine, reason: "\(key) must be a single value")
                }
                fields.append((key, value))
            }
            do {
                entries.append(try Self.entry(line: line, fields: fields, tlvs: tlvs))
            } catch {
                let reason = error.reason
                throw ScenarioError(file: file, line: line, reason: reason)
            }
        }
        guard !entries.isEmpty else { throw ScenarioError(file: file, line: nil, reason: "no messages") }
        return Scenario(entries: entries)
    }

    private static func tlvs(_ node: Node, file: String) throws(ScenarioError) -> [InjectedTLV] {
        guard let list = node.sequence else {
            throw ScenarioError(file: file, line: node.mark?.line, reason: "tlvs must be a list of {tag, value}")
        }
        var tlvs: [InjectedTLV] = []
        for item in list {
            let line = item.mark?.line
            guard let tagText = item.mapping?["tag"]?.scalar?.string,
                let tag = InjectedTLV.tag(named: tagText)
            else { throw ScenarioError(file: file, line: line, reason: "a TLV needs a known tag (number or name)") }
            do {
                let value = try Self.hex(item.mapping?["value"]?.scalar?.string ?? "", "the TLV value")
                tlvs.append(InjectedTLV(tag: tag, value: value))
            } catch {
                let reason = error.reason
                throw ScenarioError(file: file, line: line, reason: reason)
            }
        }
        return tlvs
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }
}
