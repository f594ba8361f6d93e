/// Fixed-point angles shared by BeiDou and GeoSOT codes: one unit is 1/2048 of an arc-second.
///
/// Every code is computed from these integers ("integer first"), so digits never drift with floating point.
/// A value's *magnitude* is `floor(|degrees| * 3600 * 2048)`; its *ordinal* numbers the level-32 cells along
/// the axis in real order: the magnitude east/north of zero, `-(magnitude + 1)` west/south of it, so the unit
/// interval `[ordinal, ordinal + 1]` (divided by ``perDegree``) always contains the value.
@usableFromInline
enum GridUnit {
    /// Units per degree: 3600 * 2048.
    @inlinable static var perDegree: Int64 { 7_372_800 }
    /// Units per arc-minute.
    @inlinable static var perMinute: Int64 { 122_880 }
    /// Units per arc-second.
    @inlinable static var perSecond: Int64 { 2_048 }

    /// `floor(|degrees| * perDegree)` for a finite value within ±180° (so the product cannot overflow).
    @inlinable
    static func magnitude(_ degrees: Double) -> Int64 {
        Int64(degrees.magnitude * 7_372_800)
    }

    /// The ordinal of the level-32 cell holding `degrees` (sign by `degrees < 0`, so -0.0 counts as east/north).
    @inlinable
    static func ordinal(_ degrees: Double) -> Int64 {
        let magnitude = magnitude(degrees)
        return degrees < 0 ? -(magnitude + 1) : magnitude
    }

    /// Degrees of an ordinal boundary (an ordinal's lower edge).
    @inlinable
    static func degrees(_ units: Int64) -> Double {
        Double(units) / 7_372_800
    }

    /// Floor division by a positive divisor.
    @inlinable
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value - 1) / divisor) - 1
    }
}
