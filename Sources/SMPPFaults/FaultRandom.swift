// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64: fast, small, and the same sequence on every
/// platform for a given seed, which `SystemRandomNumberGenerator` and `Hasher` are not.
public struct FaultRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    public init(seed: UInt64) {
        var mixer = seed
        self.s0 = Self.splitMix(&mixer)
        self.s1 = Self.splitMix(&mixer)
        self.s2 = Self.splitMix(&mixer)
        self.s3 = Self.splitMix(&mixer)
    }

    /// The stream of one session: the profile's seed, the peer's system_id and its bind ordinal, mixed so that
    /// neighbouring ordinals give unrelated streams.
    public init(seed: UInt64, systemID: String, ordinal: UInt64) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across processes, unlike Hasher.
        for byte in systemID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = seed
        let a = Self.splitMix(&mixer)
        mixer = a ^ hash
        let b = Self.splitMix(&mixer)
        mixer = b ^ (ordinal &* 0x9E37_79B9_7F4A_7C15)
        self.init(seed: Self.splitMix(&mixer))
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotate(self.s1 &* 5, 7) &* 9
        let t = self.s1 << 17
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = Self.rotate(self.s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits.
    public mutating func unit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
