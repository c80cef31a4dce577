# mogate — SMPP 3.4 MO gateway and carrier emulator.
# SPDX-License-Identifier: Apache-2.0
"""Compiles regex_subset trees into the two forms the Swift runtime executes.

* A layered DFA over digits for full matches of numbers of at most MAX_DIGITS digits. Each DFA state carries flag
  bits computed from which patterns accept there and at which length, and states are shared (hash-consed) across
  all regions, so identical tails such as `\\d{7}` are stored once.
* Code for a tiny backtracking VM, for prefix matches that need Python's leftmost-first end and capture groups
  (national_prefix_for_parsing, international_prefix).
"""

from regex_subset import can_be_empty

MAX_DIGITS = 17  # libphonenumber's longest national significant number


class NFA:
    def __init__(self):
        self.eps = []  # state -> [state]
        self.edges = []  # state -> [(digit set, state)]

    def state(self):
        self.eps.append([])
        self.edges.append([])
        return len(self.eps) - 1

    def build(self, node):
        """Returns (start, end) of a fragment for node."""
        s, e = self.state(), self.state()
        if node.kind == "set":
            self.edges[s].append((node.digits, e))
        elif node.kind == "cat":
            cur = s
            for child in node.children:
                a, b = self.build(child)
                self.eps[cur].append(a)
                cur = b
            self.eps[cur].append(e)
        elif node.kind == "alt":
            for child in node.children:
                a, b = self.build(child)
                self.eps[s].append(a)
                self.eps[b].append(e)
        elif node.kind == "group":
            a, b = self.build(node.child)
            self.eps[s].append(a)
            self.eps[b].append(e)
        elif node.kind == "rep":
            cur = s
            for _ in range(node.lo):
                a, b = self.build(node.child)
                self.eps[cur].append(a)
                cur = b
            if node.hi is None:
                a, b = self.build(node.child)
                self.eps[cur].append(a)
                self.eps[b].append(cur)
                self.eps[cur].append(e)
            else:
                for _ in range(node.hi - node.lo):
                    a, b = self.build(node.child)
                    self.eps[cur].append(a)
                    self.eps[cur].append(e)
                    cur = b
                self.eps[cur].append(e)
        else:
            raise ValueError(f"{node.kind} cannot appear in a full-match pattern")
        return s, e

    def closure(self, states):
        seen = set(states)
        stack = list(states)
        while stack:
            for t in self.eps[stack.pop()]:
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return frozenset(seen)

    def step(self, states, digit):
        return self.closure([t for s in states for (ds, t) in self.edges[s] if digit in ds])


class DFATable:
    """All DFA states of all regions. State 0 is the dead state; `states[i] = (flags, (next for digits 0-9))`."""

    def __init__(self):
        self.states = [(0, (0,) * 10)]
        self.ids = {self.states[0]: 0}

    def add(self, patterns, flags):
        """Builds the DFA for a list of full-match pattern trees and returns its start state.

        flags(length, accepted) -> int gets the number of digits read and, per pattern, whether it accepts them.
        """
        nfa = NFA()
        fragments = [nfa.build(tree) for tree in patterns]
        finals = [end for (_, end) in fragments]
        start = tuple(nfa.closure([s]) for (s, _) in fragments)
        layers = [{start: None}]
        for depth in range(MAX_DIGITS):
            nxt = {}
            for key in layers[-1]:
                for digit in range(10):
                    moved = tuple(nfa.step(part, digit) for part in key)
                    if any(moved):
                        nxt.setdefault(moved, None)
            layers.append(nxt)
        canonical = {}
        for depth in range(MAX_DIGITS, -1, -1):
            for key in layers[depth]:
                accepted = [final in part for part, final in zip(key, finals)]
                bits = flags(depth, accepted)
                if depth == MAX_DIGITS:
                    targets = (0,) * 10
                else:
                    targets = tuple(
                        canonical.get(tuple(nfa.step(part, d) for part in key), 0) for d in range(10)
                    )
                canonical[key] = self._intern((bits, targets))
        return canonical[start]

    def _intern(self, state):
        if state not in self.ids:
            self.ids[state] = len(self.states)
            self.states.append(state)
        return self.ids[state]


# VM opcodes; an instruction is (op, a, b).
OP_SET, OP_SPLIT, OP_JUMP, OP_SAVE, OP_EOL, OP_MATCH = range(6)


def compile_vm(tree):
    """Backtracking-VM code for a prefix match: SPLIT tries `a` first (Python's greedy, leftmost-first order)."""
    code = []

    def emit(op, a=0, b=0):
        code.append([op, a, b])
        return len(code) - 1

    def gen(node):
        if node.kind == "set":
            emit(OP_SET, sum(1 << d for d in node.digits))
        elif node.kind == "eol":
            emit(OP_EOL)
        elif node.kind == "cat":
            for child in node.children:
                gen(child)
        elif node.kind == "group":
            if node.index is not None:
                emit(OP_SAVE, 2 * node.index - 2)
            gen(node.child)
            if node.index is not None:
                emit(OP_SAVE, 2 * node.index - 1)
        elif node.kind == "alt":
            jumps = []
            for child in node.children[:-1]:
                split = emit(OP_SPLIT)
                code[split][1] = len(code)
                gen(child)
                jumps.append(emit(OP_JUMP))
                code[split][2] = len(code)
            gen(node.children[-1])
            for j in jumps:
                code[j][1] = len(code)
        elif node.kind == "rep":
            for _ in range(node.lo):
                gen(node.child)
            if node.hi is None:
                if can_be_empty(node.child):
                    raise ValueError("unbounded repetition of a pattern that can match nothing")
                top = emit(OP_SPLIT)
                code[top][1] = len(code)
                gen(node.child)
                emit(OP_JUMP, top)
                code[top][2] = len(code)
            else:
                for _ in range(node.hi - node.lo):
                    split = emit(OP_SPLIT)
                    code[split][1] = len(code)
                    gen(node.child)
                    code[split][2] = len(code)
        else:
            raise ValueError(node.kind)

    gen(tree)
    emit(OP_MATCH)
    return code
