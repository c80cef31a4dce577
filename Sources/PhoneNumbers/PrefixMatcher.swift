// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

/// A backtracking matcher for the prefix patterns of the metadata (`national_prefix_for_parsing`,
/// `international_prefix`), run on ``NumberingPlan/code``.
///
/// It reproduces Python's `re.match`: anchored at the start, leftmost-first alternation, greedy repetition, and the
/// capture groups that the national prefix transform rules refer to. Numbers are at most 32 digits and the patterns
/// have no nested unbounded repetition, so the recursion is shallow; it uses no heap.
struct PrefixMatcher {
    /// Where a match ended, and the capture group bounds (-1 where a group did not take part).
    struct Match {
        var end: Int
        var captures: (Int8, Int8, Int8, Int8) = (-1, -1, -1, -1)

        /// The bounds of capture group `group` (1-based), if it took part in the match.
        func range(ofGroup group: Int) -> Range<Int>? {
            let (start, end) =
                group == 1 ? (self.captures.0, self.captures.1) : (self.captures.2, self.captures.3)
            guard start >= 0, end >= start else { return nil }
            return Int(start)..<Int(end)
        }

        fileprivate mutating func setCapture(_ slot: Int, _ value: Int8) {
            switch slot {
            case 0: self.captures.0 = value
            case 1: self.captures.1 = value
            case 2: self.captures.2 = value
            default: self.captures.3 = value
            }
        }

        fileprivate func capture(_ slot: Int) -> Int8 {
            switch slot {
            case 0: self.captures.0
            case 1: self.captures.1
            case 2: self.captures.2
            default: self.captures.3
            }
        }
    }

    // Opcodes, as automata.py numbers them.
    private static let opSet: UInt32 = 0
    private static let opSplit: UInt32 = 1
    private static let opJump: UInt32 = 2
    private static let opSave: UInt32 = 3
    private static let opEndOfInput: UInt32 = 4
    private static let opMatch: UInt32 = 5

    /// Matches the program at `program` against the start of `digits`, like Python's `re.match`.
    static func match(program: UInt16, digits: DigitString) -> Match? {
        var state = Match(end: 0)
        guard let end = Self.run(Int(program), 0, digits, &state) else { return nil }
        state.end = end
        return state
    }

    private static func run(_ start: Int, _ position: Int, _ digits: DigitString, _ state: inout Match) -> Int? {
        var pc = start
        var position = position
        while true {
            let instruction = NumberingPlan.code[pc]
            let a = Int((instruction >> 14) & 0x3FFF)
            switch instruction >> 28 {
            case Self.opSet:
                guard position < digits.count, a & (1 << Int(digits[position])) != 0 else { return nil }
                position += 1
                pc += 1
            case Self.opSplit:
                if let end = Self.run(a, position, digits, &state) { return end }
                pc = Int(instruction & 0x3FFF)
            case Self.opJump:
                pc = a
            case Self.opSave:
                let old = state.capture(a)
                state.setCapture(a, Int8(position))
                if let end = Self.run(pc + 1, position, digits, &state) { return end }
                state.setCapture(a, old)
                return nil
            case Self.opEndOfInput:
                guard position == digits.count else { return nil }
                pc += 1
            case Self.opMatch:
                return position
            default:
                preconditionFailure("bad prefix-matcher opcode at \(pc)")
            }
        }
    }
}
