#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SplitMix64: a small, fast, reproducible generator for randomized tests.
///
/// The seed comes from `TESSERA_TEST_SEED` when set, otherwise from the test's fixed default or the
/// system generator; it is printed so that a failing run can be replayed exactly.
public struct SeededRandom: RandomNumberGenerator {
    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// A generator seeded from the environment, else from `defaultSeed`, else at random, announcing its
    /// seed under `label`.
    public static func announced(_ label: String, defaultSeed: UInt64? = nil) -> SeededRandom {
        let seed: UInt64
        if let raw = getenv("TESSERA_TEST_SEED"), let parsed = UInt64(String(cString: raw)) {
            seed = parsed
        } else {
            seed = defaultSeed ?? UInt64.random(in: .min ... .max)
        }
        print("\(label): seed \(seed) (rerun with TESSERA_TEST_SEED=\(seed))")
        return SeededRandom(seed: seed)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A note to attach to expectations so a failure names the seed that produced it.
    public var note: String { "seed \(seed)" }
}
