#!/usr/bin/env bash
# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
#
# Source checks that need no build: `swift format lint` (settings in .swift-format, swift-nio's) and the two-line
# license header of .license_header_template on every Swift file. CI (.ci/run) builds and tests separately.
#
# Usage: scripts/soundness.sh            run the checks; exit non-zero on any violation
#        scripts/soundness.sh --fix      format in place first (then check)
set -euo pipefail

cd "$(dirname "$0")/.."

directories=()
for directory in Sources Tests Benchmarks Fuzz; do
    # Benchmarks and Fuzz are separate packages that may not exist yet.
    if [[ -d "$directory" ]] && [[ -n "$(find "$directory" -name '*.swift' -not -path '*/.build*' -print -quit)" ]]; then
        directories+=("$directory")
    fi
done
if [[ ${#directories[@]} -eq 0 ]]; then
    echo "soundness: no Swift sources found" >&2
    exit 1
fi

# Every Swift file we own, never what SwiftPM checked out under a .build folder.
swift_files() {
    find "${directories[@]}" -name '*.swift' -not -path '*/.build*' -not -path '*/.swiftpm/*' -print0 | sort -z
}

# Package manifests are exempt: their first line must be the `// swift-tools-version:` comment.
swift_files_needing_header() {
    find "${directories[@]}" -name '*.swift' -not -path '*/.build*' -not -path '*/.swiftpm/*' \
        -not -name 'Package.swift' -not -name 'Package@swift-*.swift' -print0 | sort -z
}

failed=0

if [[ "${1:-}" == "--fix" ]]; then
    swift_files | xargs -0 swift format format --in-place --parallel
fi

echo "== swift format lint --strict (${directories[*]})"
if swift_files | xargs -0 swift format lint --strict --parallel; then
    echo "   clean"
else
    echo "   swift format lint found violations (run scripts/soundness.sh --fix)" >&2
    failed=1
fi

echo "== license headers (.license_header_template)"
header_lines=$(wc -l < .license_header_template)
missing=0
while IFS= read -r -d '' file; do
    if ! head -n "$header_lines" "$file" | cmp -s - .license_header_template; then
        echo "   missing or wrong license header: $file" >&2
        missing=$((missing + 1))
    fi
done < <(swift_files_needing_header)
if [[ $missing -eq 0 ]]; then
    echo "   clean"
else
    echo "   $missing file(s) lack the header; it must be exactly:" >&2
    sed 's/^/      /' .license_header_template >&2
    failed=1
fi

exit "$failed"
