#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Generates Sources/PhoneNumbers/Generated/NumberingPlanData.swift from PyPI `phonenumbers` (libphonenumber).

Usage (from the repository root):
    python3 -m pip install phonenumbers==<version>     # the version in the generated file's header
    python3 scripts/phonenumbers/gen_metadata.py        # rewrites the Swift file; deterministic

Per region it keeps what parsing and validation need: the calling code, the international (IDD) prefix and the
national prefix for parsing (as backtracking-VM code), the national prefix transform rule, the general possible
lengths and local-only lengths, and a DFA start state. The DFA flags (see automata.py) are:
    bit 0  the region's general_desc national number pattern fully matches
    bit 1  (main region of a calling code) the number matches general_desc pattern *and* possible lengths of some
           region sharing the calling code: mogate's "valid"
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import phonenumbers  # noqa: E402
from phonenumbers import PhoneMetadata  # noqa: E402
from phonenumbers.phonenumberutil import (  # noqa: E402
    COUNTRY_CODE_TO_REGION_CODE,
    COUNTRY_CODES_FOR_NON_GEO_REGIONS,
    SUPPORTED_REGIONS,
)

import automata  # noqa: E402
import regex_subset  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUTPUT = os.path.join(ROOT, "Sources", "PhoneNumbers", "Generated", "NumberingPlanData.swift")
NONE16 = 0xFFFF


def length_mask(lengths):
    mask = 0
    for n in lengths:
        if n > 0:
            mask |= 1 << n
    return mask


def pack_transform(rule, groups):
    """Nibbles after a 4-bit count: digits 0-9, and 10 + n for a reference to group n (`\\n`)."""
    if not rule:
        return 0
    if groups == 0:
        raise ValueError("a transform rule without capture groups")
    items = []
    i = 0
    while i < len(rule):
        if rule[i] == "\\":
            items.append(10 + int(rule[i + 1]))
            i += 2
        else:
            items.append(int(rule[i]))
            i += 1
    if len(items) > 7:
        raise ValueError(f"transform rule {rule!r} too long")
    packed = len(items)
    for k, item in enumerate(items):
        packed |= item << (4 + 4 * k)
    return packed


def main():
    entries = []  # (code, metadata)
    for region in sorted(SUPPORTED_REGIONS):
        entries.append((region, PhoneMetadata.metadata_for_region(region)))
    for cc in sorted(COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        entries.append(("001", PhoneMetadata.metadata_for_nongeo_region(cc)))

    # Regions sharing a calling code, main region first (libphonenumber's order).
    def regions_of(cc):
        if cc in COUNTRY_CODES_FOR_NON_GEO_REGIONS:
            return [PhoneMetadata.metadata_for_nongeo_region(cc)]
        return [PhoneMetadata.metadata_for_region(r) for r in COUNTRY_CODE_TO_REGION_CODE[cc]]

    dfa = automata.DFATable()
    vm = []
    programs = {}

    def program(pattern):
        if not pattern:
            return NONE16, 0
        if pattern not in programs:
            tree, groups = regex_subset.parse(pattern)
            code = automata.compile_vm(tree)
            base = len(vm)
            for op, a, b in code:
                if op in (automata.OP_SPLIT, automata.OP_JUMP):
                    a += base
                    b += base
                vm.append((op, a, b))
            programs[pattern] = (base, groups)
        return programs[pattern]

    rows = []
    for code, m in entries:
        cc = m.country_code
        siblings = regions_of(cc)
        is_main = siblings[0] is m
        own = [m] if not is_main else siblings
        trees = [regex_subset.parse(r.general_desc.national_number_pattern)[0] for r in own]
        lengths = [set(r.general_desc.possible_length) for r in own]

        def flags(depth, accepted, lengths=lengths):
            bits = 1 if accepted[0] else 0
            if any(a and depth in ls for a, ls in zip(accepted, lengths)):
                bits |= 2
            return bits

        start = dfa.add(trees, flags)
        idd, _ = program(m.international_prefix)
        npfp, groups = program(m.national_prefix_for_parsing)
        rows.append(
            (
                code,
                cc,
                idd,
                npfp,
                groups,
                pack_transform(m.national_prefix_transform_rule, groups),
                length_mask(m.general_desc.possible_length),
                length_mask(m.general_desc.possible_length_local_only),
                start,
                is_main,
            )
        )

    if len(dfa.states) >= 1 << 16 or len(vm) >= 1 << 14:
        raise ValueError("table outgrew its encoding")
    main_entry = {}
    for index, row in enumerate(rows):
        if row[9]:
            main_entry[row[1]] = index
    calling_codes = [0] * 1000
    for cc, index in main_entry.items():
        calling_codes[cc] = index + 1
    assert set(main_entry) == set(COUNTRY_CODE_TO_REGION_CODE), "every calling code needs a main entry"

    out = []
    w = out.append
    w("// mogate — SMPP 3.4 MO gateway and carrier emulator.")
    w("// SPDX-License-Identifier: Apache-2.0")
    w("")
    w(f"// Generated by scripts/phonenumbers/gen_metadata.py from PyPI phonenumbers {phonenumbers.__version__}")
    w("// (libphonenumber metadata). Do not edit; rerun the script. The layout is described there and in")
    w("// NumberingPlan.swift.")
    w("")
    w("extension NumberingPlan {")
    w(f"    /// Per region (geographic regions sorted by code, then {len(COUNTRY_CODES_FOR_NON_GEO_REGIONS)} "
      "non-geographic entities).")
    w("    static let regions: [Region] = [")
    for code, cc, idd, npfp, groups, transform, lengths, local, start, is_main in rows:
        w(
            f'        Region("{code}", {cc}, idd: {hex16(idd)}, npfp: {hex16(npfp)}, groups: {groups}, '
            f"transform: 0x{transform:X}, lengths: 0x{lengths:X}, local: 0x{local:X}, dfa: {start}),"
        )
    w("    ]")
    w("")
    w("    /// Calling code (0-999) to main region index + 1; 0 when the code is not assigned.")
    emit_array(w, "callingCodes", "UInt16", calling_codes)
    w("")
    w(f"    /// DFA: {len(dfa.states)} states x 10 digits, the next state (0 is the dead state).")
    emit_array(w, "transitions", "UInt16", [t for (_, targets) in dfa.states for t in targets])
    w("")
    w("    /// DFA: flag bits per state (bit 0 general pattern, bit 1 valid).")
    emit_array(w, "flags", "UInt8", [bits for (bits, _) in dfa.states])
    w("")
    w("    /// Prefix-matcher code: op in bits 28-31, a in bits 14-27, b in bits 0-13.")
    emit_array(w, "code", "UInt32", [(op << 28) | (a << 14) | b for (op, a, b) in vm], hexadecimal=True)
    w("}")
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{OUTPUT}: {len(rows)} entries, {len(dfa.states)} DFA states, {len(vm)} VM instructions")


def hex16(value):
    return "nil" if value == NONE16 else str(value)


def emit_array(w, name, element, values, hexadecimal=False):
    w(f"    static let {name}: [{element}] = [")
    line = "       "
    for v in values:
        item = f" 0x{v >> 16:04X}_{v & 0xFFFF:04X}," if hexadecimal else f" {v},"
        if len(line) + len(item) > 118:
            w(line)
            line = "       "
        line += item
    if line.strip():
        w(line)
    w("    ]")


if __name__ == "__main__":
    main()
