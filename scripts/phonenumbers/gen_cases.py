#!/usr/bin/env python3
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Oracle cases for PhoneNumbers: libphonenumber (PyPI `phonenumbers`) decides the expected E.164.

Usage (from the repository root):
    python3 scripts/phonenumbers/gen_cases.py                  # rewrites Tests/PhoneNumbersTests/Generated/OracleCases.swift
    python3 scripts/phonenumbers/gen_cases.py --live 2000 --seed 7   # random fresh cases on stdout (the interop test)

Each case is `REGION|TON|INPUT|EXPECTED`. The numbers are valid fixed-line and mobile numbers: every region's
example numbers, plus seeded variants (last digits changed, still valid and of the same type) for the FOCUS
countries. Each number is
written in every input shape of issue 4. EXPECTED is `format_number(parse(oracle_input, REGION), E164)`, where the
oracle input is the address itself for TON 0 and 2, and `+` and the digits for TON 1 (whose digits include the
calling code); it is `!` when parsing fails or the result is not valid by mogate's rule (general pattern and
possible length of the calling code), and then mogate must not call the address valid either.
"""

import argparse
import os
import random
import re
import sys

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import regex_subset  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUTPUT = os.path.join(ROOT, "Tests", "PhoneNumbersTests", "Generated", "OracleCases.swift")
# Countries the issue names, and big MO markets: these get extra variants in the committed table.
FOCUS = "AR AU BR CA CN DE ES FR GB IN IT JP KZ MX NG RU SM US VA ZA".split()
TYPES = (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)
SEPARATORS_ONLY = re.compile(r"^\+?[0-9 ().-]+$")


def is_mogate_valid(number):
    """mogate's rule: the national significant number matches the general pattern and a possible length of some
    region of the calling code, and E.164 has at most 15 digits."""
    nsn = phonenumbers.national_significant_number(number)
    if len(str(number.country_code)) + len(nsn) > 15:
        return False
    regions = COUNTRY_CODE_TO_REGION_CODE.get(number.country_code, ())
    metas = [PhoneMetadata.metadata_for_region_or_calling_code(number.country_code, r) for r in regions]
    for m in metas:
        if m is None:
            continue
        gd = m.general_desc
        if len(nsn) in gd.possible_length and re.fullmatch(gd.national_number_pattern, nsn):
            return True
    return False


def oracle(text, region):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "!"
    if not is_mogate_valid(number):
        return "!"
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def idd_example(metadata):
    preferred = metadata.preferred_international_prefix
    if preferred and preferred.isdigit():
        return preferred
    if metadata.international_prefix:
        return regex_subset.example(regex_subset.parse(metadata.international_prefix)[0])
    return None


def shapes(number, region):
    """(TON, address, oracle input) for every input shape of the issue."""
    metadata = PhoneMetadata.metadata_for_region(region)
    cc = str(number.country_code)
    nsn = phonenumbers.national_significant_number(number)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national_digits = re.sub(r"[^0-9]", "", national)
    plus = "+" + cc + nsn
    out = [
        (1, cc + nsn, plus),
        (1, plus, plus),
        (1, "00" + cc + nsn, plus),
        (2, national_digits, national_digits),
        (0, plus, plus),
        (0, national_digits, national_digits),
        (0, cc + nsn, cc + nsn),
    ]
    if SEPARATORS_ONLY.match(national) and national != national_digits:
        out.append((2, national, national))
    if SEPARATORS_ONLY.match(international):
        out.append((0, international, international))
    idd = idd_example(metadata)
    if idd:
        out.append((0, idd + cc + nsn, idd + cc + nsn))
    return out


def variant(rng, number, kind):
    """The number with some of its last digits changed, if that is still valid and of the same type."""
    nsn = phonenumbers.national_significant_number(number)
    for _ in range(20):
        k = rng.randint(1, min(4, len(nsn) - 1))
        candidate = nsn[:-k] + "".join(rng.choice("0123456789") for _ in range(k))
        try:
            parsed = phonenumbers.parse("+" + str(number.country_code) + candidate, None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
            kind,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return parsed
    return None


def cases(regions, variants_for, rng):
    seen = set()
    for region in regions:
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None or not phonenumbers.is_valid_number(example):
                continue
            numbers = [example]
            for _ in range(variants_for(region)):
                extra = variant(rng, example, kind)
                if extra is not None:
                    numbers.append(extra)
            for number in numbers:
                for ton, address, oracle_input in shapes(number, region):
                    key = (region, ton, address)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield f"{region}|{ton}|{address}|{oracle(oracle_input, region)}"


def write_table():
    rng = random.Random(4)
    lines = list(cases(sorted(SUPPORTED_REGIONS), lambda r: 2 if r in FOCUS else 0, rng))
    regions = {line.split("|")[0] for line in lines}
    out = [
        "// mogate — SMPP 3.4 MO gateway and carrier emulator.",
        "// SPDX-License-Identifier: Apache-2.0",
        "",
        f"// Generated by scripts/phonenumbers/gen_cases.py from PyPI phonenumbers {phonenumbers.__version__}.",
        "// Do not edit; rerun the script. Each line: REGION|TON|INPUT|EXPECTED (E.164, or ! for not valid).",
        "",
        "enum OracleCases {",
        f"    /// {len(lines)} cases, {len(regions)} regions.",
        '    static let table = """',
    ]
    out += ["        " + line for line in lines]
    out += ['        """', "}"]
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{OUTPUT}: {len(lines)} cases, {len(regions)} regions, "
          f"{sum(1 for line in lines if line.endswith('!'))} expected not valid")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--live", type=int, metavar="COUNT", help="print about COUNT random cases to stdout")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    if arguments.live is None:
        write_table()
        return
    rng = random.Random(arguments.seed)
    regions = sorted(SUPPORTED_REGIONS)
    printed = 0
    while printed < arguments.live:
        region = rng.choice(regions)
        for line in cases([region], lambda r: 1, rng):
            print(line)
            printed += 1


if __name__ == "__main__":
    main()
