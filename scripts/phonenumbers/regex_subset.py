# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""The subset of Python regular expressions that libphonenumber's metadata uses, over the digits 0-9.

parse() turns a pattern into a small tree; the generators compile that tree into a DFA (for full matches) or into
backtracking-VM code (for prefix matches with capture groups, which need Python's leftmost-first semantics).
Anything outside the subset raises, so a new construct in a future metadata release fails the generator loudly.
"""

ALL_DIGITS = frozenset(range(10))


class Node:
    """kind: 'set' (digits), 'cat' (children), 'alt' (children), 'rep' (child, lo, hi or None), 'group' (child,
    index or None), 'eol' ($)."""

    def __init__(self, kind, **fields):
        self.kind = kind
        self.__dict__.update(fields)


class _Parser:
    def __init__(self, pattern):
        self.p = pattern
        self.i = 0
        self.groups = 0

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def take(self):
        c = self.p[self.i]
        self.i += 1
        return c

    def alternation(self):
        branches = [self.concatenation()]
        while self.peek() == "|":
            self.take()
            branches.append(self.concatenation())
        return branches[0] if len(branches) == 1 else Node("alt", children=branches)

    def concatenation(self):
        items = []
        while self.peek() not in (None, "|", ")"):
            items.append(self.quantified())
        return items[0] if len(items) == 1 else Node("cat", children=items)

    def quantified(self):
        atom = self.atom()
        while True:
            c = self.peek()
            if c == "?":
                self.take()
                atom = Node("rep", child=atom, lo=0, hi=1)
            elif c == "*":
                self.take()
                atom = Node("rep", child=atom, lo=0, hi=None)
            elif c == "+":
                self.take()
                atom = Node("rep", child=atom, lo=1, hi=None)
            elif c == "{":
                end = self.p.index("}", self.i)
                body = self.p[self.i + 1 : end]
                self.i = end + 1
                if "," in body:
                    lo, hi = body.split(",")
                    atom = Node("rep", child=atom, lo=int(lo), hi=int(hi) if hi else None)
                else:
                    atom = Node("rep", child=atom, lo=int(body), hi=int(body))
            else:
                return atom
            if self.peek() == "?":
                raise ValueError(f"lazy quantifier in {self.p!r}")

    def atom(self):
        c = self.take()
        if c.isdigit():
            return Node("set", digits=frozenset([int(c)]))
        if c == "\\":
            e = self.take()
            if e == "d":
                return Node("set", digits=ALL_DIGITS)
            raise ValueError(f"escape \\{e} in {self.p!r}")
        if c == "[":
            return self.char_class()
        if c == "$":
            return Node("eol")
        if c == "(":
            index = None
            if self.p.startswith("?:", self.i):
                self.i += 2
            elif self.peek() == "?":
                raise ValueError(f"group extension in {self.p!r}")
            else:
                self.groups += 1
                index = self.groups
            inner = self.alternation() if self.peek() != ")" else Node("cat", children=[])
            if self.take() != ")":
                raise ValueError(f"unbalanced group in {self.p!r}")
            return Node("group", child=inner, index=index)
        raise ValueError(f"unsupported {c!r} in {self.p!r}")

    def char_class(self):
        digits = set()
        if self.peek() == "^":
            raise ValueError(f"negated class in {self.p!r}")
        while self.peek() != "]":
            c = self.take()
            if c == "\\" and self.take() == "d":
                digits |= ALL_DIGITS
                continue
            if not c.isdigit():
                raise ValueError(f"class member {c!r} in {self.p!r}")
            if self.peek() == "-" and self.p[self.i + 1] != "]":
                self.take()
                digits |= set(range(int(c), int(self.take()) + 1))
            else:
                digits.add(int(c))
        self.take()
        return Node("set", digits=frozenset(digits))


def parse(pattern):
    """Returns (tree, number of capture groups)."""
    parser = _Parser(pattern)
    tree = parser.alternation()
    if parser.i != len(pattern):
        raise ValueError(f"trailing text in {pattern!r}")
    return tree, parser.groups


def example(node):
    """A shortest digit string that the tree matches, taking the first alternative everywhere."""
    if node.kind == "set":
        return str(min(node.digits))
    if node.kind == "cat":
        return "".join(example(c) for c in node.children)
    if node.kind == "alt":
        return example(node.children[0])
    if node.kind == "rep":
        return example(node.child) * node.lo
    if node.kind == "group":
        return example(node.child)
    return ""


def can_be_empty(node):
    """Whether the tree matches the empty string (an unbounded loop over such a tree would not terminate in the
    backtracking matcher)."""
    if node.kind == "set":
        return False
    if node.kind == "cat":
        return all(can_be_empty(c) for c in node.children)
    if node.kind == "alt":
        return any(can_be_empty(c) for c in node.children)
    if node.kind == "rep":
        return node.lo == 0 or can_be_empty(node.child)
    if node.kind == "group":
        return can_be_empty(node.child)
    return True
