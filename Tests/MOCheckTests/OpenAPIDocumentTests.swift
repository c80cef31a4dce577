// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
import Yams

@testable import MOCheck

/// `openapi.yaml` says what the code does: its paths are the routes, its enums the Swift ones. (The running service
/// is fuzzed against it by SchemathesisTests.)
@Suite struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        let text = try String(contentsOfFile: SchemathesisTests.openAPI, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func schema(_ name: String) throws -> [String: Any] {
        let components = try #require(try Self.document()["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        return try #require(schemas[name] as? [String: Any], "no schema \(name)")
    }

    static func enumeration(_ schema: String, _ property: String) throws -> Set<String> {
        let properties = try #require(try Self.schema(schema)["properties"] as? [String: Any])
        let field = try #require(properties[property] as? [String: Any])
        return Set(try #require(field["enum"] as? [String]))
    }

    @Test("the document is OpenAPI 3 with the verifier's three operations and the callback")
    func paths() throws {
        let document = try Self.document()
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: Any])
        let base = MOCheckService.basePath
        #expect(Set(paths.keys) == ["\(base)/checks", "\(base)/checks/{check_id}", "\(base)/mo"])
        let create = try #require((paths["\(base)/checks"] as? [String: Any])?["post"] as? [String: Any])
        #expect((create["callbacks"] as? [String: Any])?["checkCallback"] != nil)
    }

    @Test("the status and MO result enums are the Swift ones")
    func enums() throws {
        #expect(try Self.enumeration("Check", "status") == Set(Check.Status.allCases.map(\.rawValue)))
        #expect(
            try Self.enumeration("MOOutcome", "result") == Set(CheckStore.MOOutcome.Result.allCases.map(\.rawValue))
        )
    }

    @Test("the Check schema lists exactly the fields the resource encodes")
    func checkFields() throws {
        let properties = try #require(try Self.schema("Check")["properties"] as? [String: Any])
        let check = Check(
            checkID: "c",
            status: .completed,
            phoneNumber: "+447700900123",
            otp: "ABCDEFGH",
            moReceiver: "+447860000000",
            moBody: "Verify ABCDEFGH",
            ttl: 120,
            createdAt: Date(),
            expiresAt: Date(),
            updatedAt: Date(),
            referenceID: "r",
            callbackURL: nil,
            match: true,
            moID: "m",
            selfHref: "/x"
        )
        let encoded = try #require(
            try JSONSerialization.jsonObject(with: try CheckResource(check).json()) as? [String: Any]
        )
        #expect(Set(encoded.keys) == Set(properties.keys))
    }
}
