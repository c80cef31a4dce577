// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A region of the numbering-plan table: an ISO 3166-1 alpha-2 code such as `GB`, used as the default country.
public struct RegionCode: Hashable, Sendable, CustomStringConvertible {
    /// Index into ``NumberingPlan/regions``.
    let index: Int

    /// The region for a two-letter code (any case), or nil when the table has no such region.
    public init?(_ code: some StringProtocol) {
        let letters = Array(code.utf8)
        guard letters.count == 2 else { return nil }
        let upper = letters.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
        // Geographic regions come first, sorted by code; the non-geographic entities (`001`) follow.
        guard
            let index = NumberingPlan.regions.firstIndex(where: { region in
                region.code.utf8CodeUnitCount == 2 && region.code.utf8Start[0] == upper[0]
                    && region.code.utf8Start[1] == upper[1]
            })
        else { return nil }
        self.index = index
    }

    /// Every region of the table, in code order.
    public static var all: [RegionCode] {
        NumberingPlan.regions.indices.filter { NumberingPlan.regions[$0].code.utf8CodeUnitCount == 2 }.map {
            RegionCode(index: $0)
        }
    }

    private init(index: Int) {
        self.index = index
    }

    /// The country calling code, e.g. 44 for `GB`.
    public var callingCode: Int { Int(NumberingPlan.regions[self.index].callingCode) }

    /// The two-letter code, e.g. `GB`.
    public var description: String { NumberingPlan.regions[self.index].code.description }
}
