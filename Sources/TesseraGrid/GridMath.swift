/// Natural logarithm and exponential from IEEE-754 arithmetic alone.
///
/// Height integers are floors of logarithms and become stored keys, so they must not depend on which C library
/// a machine has. These use only `+ - * /`, which IEEE-754 rounds identically everywhere. `log` is the
/// fdlibm algorithm (error below one ulp); `expm1` is only used to report cell heights.
enum GridMath {
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10
    private static let squareRootOfTwo = 1.4142135623730951

    /// The natural logarithm of a finite positive value.
    static func log(_ value: Double) -> Double {
        precondition(value > 0 && value.isFinite, "log needs a finite positive value")
        var exponent = Double(value.exponent)
        var mantissa = value.significand  // 1 <= mantissa < 2, exact
        if mantissa > squareRootOfTwo {
            mantissa *= 0.5
            exponent += 1
        }
        let f = mantissa - 1  // exact: mantissa is within a factor 2 of 1
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let odd = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
        let even =
            z
            * (6.666666666666735130e-01
                + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)))
        let r = even + odd
        let halfSquare = 0.5 * f * f
        return exponent * ln2High - ((halfSquare - (s * (halfSquare + r) + exponent * ln2Low)) - f)
    }

    /// `e^value - 1`, accurate near zero, for |value| < 700.
    static func expm1(_ value: Double) -> Double {
        let quotient = value / (ln2High + ln2Low)
        // Round to nearest by truncation (no C library call).
        let k = Double(Int64(quotient + (quotient >= 0 ? 0.5 : -0.5)))
        let r = value - k * ln2High - k * ln2Low  // |r| <= ln 2 / 2
        var term = r
        var sum = r
        for n in 2...18 {
            term *= r / Double(n)
            sum += term
        }
        if k == 0 { return sum }
        let scale = Double(sign: .plus, exponent: Int(k), significand: 1)
        return (sum + 1) * scale - 1
    }
}
