"""The loop of bench/README.md, n iterations: two arithmetic operations and an if."""
from harness import main


class Loop:
    """The problem; one unit = one iteration. The accumulator and the next i persist between units."""

    def init(self, n):
        return n

    def reset(self, start):
        self.acc = 0
        self.next_i = 0

    def advance(self, units):
        acc = self.acc
        end = self.next_i + units
        for i in range(self.next_i, end):
            acc = (acc * 31 + i) % 1_000_003
            if acc % 2 == 0:
                acc += 1
        self.acc = acc
        self.next_i = end

    def answer(self):
        return str(self.acc)


if __name__ == "__main__":
    main("loop", 100000, Loop())
